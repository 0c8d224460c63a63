"""The web console: its own API (scan-to-login tickets, 扫码登录) and its built files
(console/dist) served at /console/ by site.py."""
