"""flask-smorest's Api with our error shape instead of its own."""

import flask_smorest


class Api(flask_smorest.Api):
    def _register_error_handlers(self):
        # app.errors.register_errors installs the one error family; smorest's must not win.
        pass
