"""Tags (谈话类型, 谈话对象, 领域, 严肃程度) of guidance and example pages, by the tag page's rules.

Nobody types tags by hand: a guidance page is tagged with its 谈话类型 and 严肃程度, an example
with its type, severity, and the 谈话对象 and 领域 classes that its “谈话对象” and “场景” fields
match. The classes and their keywords are listed in the front matter of the tag page
(docs/reference/tags.md), so the vocabulary stays closed and maintainers extend it there.
Tags are ``类别/名称`` (Material's tag hierarchy), e.g. ``领域/乡镇（街道）``.
"""

from __future__ import annotations

from dataclasses import dataclass

from talks_errors import SnippetError
from talks_load import load_grouping
from talks_model import Talk, TalkType

TYPE_FACET = "谈话类型"
LISTENER_FACET = "谈话对象"
SETTING_FACET = "领域"
SEVERITY_FACET = "严肃程度"
#: The order in which tags are shown and filters offered.
FACETS = (TYPE_FACET, LISTENER_FACET, SETTING_FACET, SEVERITY_FACET)
SEPARATOR = "/"


@dataclass(frozen=True)
class TagRules:
    """The tag page's classes: name → keywords that put a talk in that class."""

    listener: dict[str, list[str]]
    setting: dict[str, list[str]]
    severity: dict[str, str]  # "1" … "5" → name


def tag(facet: str, name: str) -> str:
    return f"{facet}{SEPARATOR}{name}"


def load_rules(text: str, page: str) -> TagRules:
    """Read the classes from the tag page's front matter; every facet must be there."""
    rules = {}
    for facet in (LISTENER_FACET, SETTING_FACET, SEVERITY_FACET):
        groups = load_grouping(text, page, facet)
        if not groups:
            raise SnippetError(f"docs/{page}", 1, f"页首缺少“{facet}”的分类",
                               f"在页首添加“{facet}: {{名称: [关键词, ……]}}”，对照说明书写")
        rules[facet] = groups
    severity = {level: names[0] for level, names in rules[SEVERITY_FACET].items()}
    return TagRules(rules[LISTENER_FACET], rules[SETTING_FACET], severity)


def _classes(value: str, classes: dict[str, list[str]]) -> list[str]:
    return [name for name, keywords in classes.items() if any(k and k in value for k in keywords)]


def type_tags(talk_type: TalkType, rules: TagRules) -> list[str]:
    tags = [tag(TYPE_FACET, talk_type.name)]
    if str(talk_type.severity) in rules.severity:
        tags.append(tag(SEVERITY_FACET, rules.severity[str(talk_type.severity)]))
    return tags


def talk_tags(talk: Talk, types: dict[str, TalkType], rules: TagRules) -> list[str]:
    """All tags of an example: its type(s), 谈话对象 and 领域 classes, severity."""
    tags = [tag(TYPE_FACET, talk.type_name), *(tag(TYPE_FACET, t) for t in talk.also if t in types)]
    tags += [tag(LISTENER_FACET, name) for name in _classes(talk.listener, rules.listener)]
    tags += [tag(SETTING_FACET, name) for name in _classes(talk.setting, rules.setting)]
    severity = str(types[talk.type_name].severity)
    if severity in rules.severity:
        tags.append(tag(SEVERITY_FACET, rules.severity[severity]))
    return list(dict.fromkeys(tags))


def unclassified(talk: Talk, rules: TagRules) -> list[tuple[str, str]]:
    """(facet, value) pairs of an example that no class of the tag page matches."""
    missing = []
    if not _classes(talk.listener, rules.listener):
        missing.append((LISTENER_FACET, talk.listener))
    if not _classes(talk.setting, rules.setting):
        missing.append((SETTING_FACET, talk.setting))
    return missing


def vocabulary(types: dict[str, TalkType], rules: TagRules) -> set[str]:
    """Every tag a page may carry."""
    return ({tag(TYPE_FACET, name) for name in types}
            | {tag(LISTENER_FACET, name) for name in rules.listener}
            | {tag(SETTING_FACET, name) for name in rules.setting}
            | {tag(SEVERITY_FACET, name) for name in rules.severity.values()})
