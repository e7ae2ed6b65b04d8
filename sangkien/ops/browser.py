"""Debian's Chromium as every browser measurement and test here starts it (headless, no
network chatter: this machine's closed network refuses Chromium's background connections)."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
