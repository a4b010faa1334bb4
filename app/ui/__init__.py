"""The Qt editor: document, undo commands, canvas, docks and main window."""
