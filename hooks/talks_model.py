"""What a worked example talk and a talk type are, once loaded and checked."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StructureSection:
    """One section a talk type expects, as declared in its guidance page's front matter."""

    name: str
    optional: bool = False
    #: May stand several times in a row (e.g. three requirements, each with its own heading).
    repeat: bool = False
    #: May stand anywhere, any number of times, or not at all (the chair's remarks at a meeting).
    interleave: bool = False

    @property
    def flags(self) -> str:
        """The flags as written after the name in front matter, e.g. （可选、可重复）."""
        words = [w for w, on in (("可选", self.optional and not self.interleave), ("可重复", self.repeat and not self.interleave),
                                 ("可穿插", self.interleave)) if on]
        return f"（{'、'.join(words)}）" if words else ""


@dataclass(frozen=True)
class TalkType:
    """A talk type, defined by its guidance page ``docs/types/<slug>.md``."""

    name: str
    slug: str
    page: str  # src path of the guidance page, relative to docs/
    #: Sections in order, per form of talk (个别谈话/集体谈话); key "" serves every form.
    structures: dict[str, tuple[StructureSection, ...]]
    aliases: tuple[str, ...] = ()
    severity: int = 0  # 严肃程度 1–5 from the front matter; 0 when not given
    #: What the overview pages say of the type (home card, types index, comparison table), from the
    #: front matter fields 简介, 分组, 性质, 典型谈话 and 对比 (see talks_load.OVERVIEW_FIELDS).
    overview: tuple[tuple[str, str], ...] = ()

    def about(self, field: str, default: str = "") -> str:
        return dict(self.overview).get(field, default)

    def structure_for(self, form: str) -> tuple[StructureSection, ...] | None:
        return self.structures.get(form, self.structures.get(""))

    @property
    def section_names(self) -> list[str]:
        names: list[str] = []
        for structure in self.structures.values():
            names += [s.name for s in structure if s.name not in names]
        return names

    @property
    def examples_dir(self) -> str:
        return f"examples/{self.slug}"


@dataclass
class Paragraph:
    text: str
    note: str = ""
    see: str = ""  # a section name whose standard phrasing the note points to


@dataclass
class Point:
    """A numbered point: its lead sentence, then paragraphs and sub-points."""

    lead: str
    blocks: list["Block"] = field(default_factory=list)
    numbering: str = ""  # style for this point's own sub-points
    note: str = ""
    see: str = ""


@dataclass
class Subsection:
    """A headed subsection of a part (小节): “（一）标题” in the page's contents and the Word file."""

    title: str
    blocks: list["Block"] = field(default_factory=list)
    numbering: str = ""  # style for its points
    note: str = ""
    see: str = ""


Block = Paragraph | Point | Subsection


@dataclass
class Section:
    name: str
    blocks: list[Block]
    heading: str = ""
    speaker: str = ""
    salutation: str = ""
    numbering: str = ""
    note: str = ""
    see: str = ""


@dataclass
class Talk:
    slug: str
    source: str  # path relative to the repository, e.g. snippets/zhengzhi-jiandu/a.yml
    title: str
    type_name: str
    speaker: str
    listener: str
    setting: str
    situation: str
    basis: list[str]
    sections: list[Section]
    form: str = "个别谈话"
    also: list[str] = field(default_factory=list)
    remark: str = ""
    #: Line of each top-level field in the snippet file, for messages about the talk as a whole.
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def text_length(self) -> int:
        """Characters of talk text (headings, leads and paragraphs), for the size checks."""

        def blocks_length(blocks: list[Block]) -> int:
            total = 0
            for block in blocks:
                if isinstance(block, Paragraph):
                    total += len(block.text)
                elif isinstance(block, Subsection):
                    total += len(block.title) + blocks_length(block.blocks)
                else:
                    total += len(block.lead) + blocks_length(block.blocks)
            return total

        return sum(len(s.heading) + len(s.salutation) + blocks_length(s.blocks) for s in self.sections)

    @property
    def spoken_length(self) -> int:
        """Characters of talk text without the labels inside 【】: what a talker actually says."""
        import re  # noqa: PLC0415 (only this property needs it)

        texts: list[str] = []

        def collect(blocks: list[Block]) -> None:
            for block in blocks:
                if isinstance(block, Paragraph):
                    texts.append(block.text)
                elif isinstance(block, Subsection):
                    texts.append(block.title)
                    collect(block.blocks)
                else:
                    texts.append(block.lead)
                    collect(block.blocks)

        for section in self.sections:
            texts += [section.heading, section.salutation]
            collect(section.blocks)
        return len(re.sub(r"【[^【】]*】", "", "".join(texts)))


@dataclass(frozen=True)
class Phrase:
    """One standard phrasing (a ``!!! phrase`` block) on a guidance page.

    Under one ``####`` slot heading, every phrasing is an alternative for that slot; the slots of
    a part, in order, are the pieces a drafter says one after another.
    """

    type_name: str
    chapter: str  # the ## heading it stands under, e.g. 规范用语
    section: str  # the ### heading it stands under (the talk part it serves)
    title: str  # the whole block title as written, e.g. 对班子成员 · 语气：平实
    body: str  # the block's Markdown, dedented
    slot: str = ""  # the #### heading it stands under ("" when the part has no slots)
    label: str = ""  # the title without its attributes
    tone: str = ""  # 语气
    setting: str = ""  # 场景
    form: str = ""  # 形式, when the phrasing fits one form of a part both forms have
    line: int = 0  # line of the !!! phrase line on its page
