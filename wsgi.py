from app import create_app
from workers import cli as workers_cli

app = create_app()
# `flask rq …` (worker, scheduler, reclaim): the process layer registers itself here, so that
# the app never imports workers/.
workers_cli.register(app)
