"""The mapping report: a PDF both parties can read and sign, drawn with QtGui (no widgets)."""
