"""``make audit``: Lighthouse on the demo's public and signed-in pages (not part of CI)."""
