"""Pure text layout: shaping, bidi reordering and wrapping into terminal rows."""
