"""Renderings of check results: terminal (rich), JSON, Excel, HTML."""
