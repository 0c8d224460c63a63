"""Running the platform: health and readiness, Prometheus metrics, JSON logs with request ids."""
