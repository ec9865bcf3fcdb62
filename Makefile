# 常用命令。Windows 没有 make 时，直接运行 scripts/dev.py，例如：py scripts\dev.py serve
PYTHON ?= python3

.PHONY: serve build test test-fast lint offline bench clean

serve:  ## 本地预览（首次运行自动安装依赖），http://127.0.0.1:8000/
	$(PYTHON) scripts/dev.py serve

build:  ## 严格模式构建站点到 site/
	$(PYTHON) scripts/dev.py build

test:   ## 运行全部测试（首次运行自动安装依赖）
	$(PYTHON) scripts/dev.py test $(ARGS)

test-fast:  ## 快速测试：不构建站点、不开浏览器的全部测试（约 12 秒），改动时常跑
	$(PYTHON) scripts/dev.py test-fast $(ARGS)

lint:   ## 内容检查：标点、误写、固定提法、编号、占位符、时效、法规引用（规则见 CONTRIBUTING.md）
	$(PYTHON) scripts/dev.py lint

offline:  ## 离线版：dist/tanhua-zhiyin-offline.zip，解压后双击 index.html（无需网络）
	$(PYTHON) scripts/dev.py offline

bench:  ## 性能测量：构建耗时与扩展性、实时预览延迟、浏览器内搜索、页面大小、示例读取器随机测试；表格见终端，数据写入 build/bench.json
	$(PYTHON) scripts/dev.py bench

clean:
	rm -rf site .pytest_cache .hypothesis dist
