"""Live sessions: several editors on one map through the y-websocket protocol (issue 21).

Qt-free here: the link format, the transport glue to pycrdt and the headless
server; the share and join dialogs live in the UI.
"""
