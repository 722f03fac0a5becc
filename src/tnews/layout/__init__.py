"""Pure text layout: shaping, bidi reordering and wrapping into terminal rows."""

from tnews.layout.engine import DocumentLayout, layout_document, layout_field, layout_text
from tnews.layout.rows import LayoutOptions, Role, Row, Run, rows_to_plain

__all__ = [
    "DocumentLayout",
    "LayoutOptions",
    "Role",
    "Row",
    "Run",
    "layout_document",
    "layout_field",
    "layout_text",
    "rows_to_plain",
]
