# 常用命令。Windows 没有 make 时，直接运行 scripts/dev.py，例如：py scripts\dev.py serve
PYTHON ?= python3

.PHONY: serve build test clean

serve:  ## 本地预览（首次运行自动安装依赖），http://127.0.0.1:8000/
	$(PYTHON) scripts/dev.py serve

build:  ## 严格模式构建站点到 site/
	$(PYTHON) scripts/dev.py build

test:   ## 运行全部测试（首次运行自动安装依赖）
	$(PYTHON) scripts/dev.py test

clean:
	rm -rf site .pytest_cache
