"""Light formatting of the written sections: Markdown (CommonMark + tables) rendered by markdown-it-py
with raw HTML disabled, so whatever an author types is escaped, and links limited to safe schemes
(markdown-it's ``validateLink`` refuses ``javascript:``, ``vbscript:``, ``file:`` and ``data:``
except images)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render_markdown(text: str) -> SafeString:
    """HTML of ``text``; raw HTML in it is shown as text, never interpreted."""
    return mark_safe(_renderer().render(text or ""))  # noqa: S308 - html disabled: output is escaped
