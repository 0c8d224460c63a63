"""The web console's own API: scan-to-login tickets (扫码登录)."""
