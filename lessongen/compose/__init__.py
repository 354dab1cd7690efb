"""Lesson -> one Document per kind. Each kind is a template over the shared lesson context."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lessongen.compose.context import lesson_context, variant_contexts
from lessongen.fonts import FAMILIES
from lessongen.model import LARGE_PRINT_SIZE, Document, PageStyle
from lessongen.resolve import Resolved
from lessongen.spec import Unit
from lessongen.templating import parse_markup, render_template, template_path


@dataclass(frozen=True)
class Kind:
    """A document kind: its file name, who it is for and the label in its footer."""

    name: str
    label: str
    audience: str


KINDS = {
    k.name: k
    for k in (
        Kind("worksheet", "Worksheet", "student"),
        Kind("answers", "Answer key (teacher)", "teacher"),
        Kind("extracts", "Source extracts", "student"),
        Kind("essay", "Essay sheet", "student"),
        Kind("plan", "Lesson plan (teacher)", "teacher"),
    )
}


def page_style(
    unit: Unit, lesson_title: str = "", footer: str = "", large_print: bool = False
) -> PageStyle:
    """Return the page style of a unit's documents (or of their large-print edition)."""
    style = unit.style
    return PageStyle(
        paper=style.paper,
        font=style.font,
        docx_font=FAMILIES[style.font].docx_name,
        size=max(style.size, LARGE_PRINT_SIZE) if large_print else style.size,
        large_print=large_print,
        italics=FAMILIES[style.font].italics,
        # Wider spacing for the readable face, as the British Dyslexia Association advises.
        line_spacing=1.35 if FAMILIES[style.font].italics else 1.5,
        symbol_docx_font=FAMILIES["sans"].docx_name,
        header_left=style.school or unit.title,
        header_right=lesson_title,
        footer=footer,
        logo=str(style.logo) if style.logo else None,
    )


def kinds_for(context: dict[str, Any]) -> list[str]:
    """Return the document kinds a lesson produces (the essay sheet only with essays)."""
    return [k for k in KINDS if k != "essay" or context["has_essay"]]


def compose(
    kind: str, resolved: Resolved, context: dict[str, Any], folders: tuple[Path, ...]
) -> Document:
    """Render the kind's template with the lesson context into a Document."""
    info = KINDS[kind]
    template = f"{kind}.xml.j2"
    markup = render_template(folders, template, {**context, "document": info.label})
    title, blocks = parse_markup(markup, str(template_path(folders, template)))
    footer = info.label
    if context["variant"]:
        footer += f" · Version {context['variant']}"
    if resolved.style.large_print:
        footer += " · Large print"
    return Document(
        title=title or resolved.lesson.title,
        # The style the extract lines were broken for, so cited lines are the printed ones.
        style=replace(resolved.style, header_right=resolved.lesson.title, footer=footer),
        blocks=blocks,
        subject=info.label,
    )


__all__ = ["KINDS", "compose", "kinds_for", "lesson_context", "page_style", "variant_contexts"]
