from marshmallow import fields, validate

from app.core.schemas import LocalDateTime, QuerySchema, StrictSchema


class StartSettlementSchema(StrictSchema):
    kind = fields.String(required=True, validate=validate.Length(min=1, max=32))
    association_id = fields.Integer(
        load_default=None, metadata={"description": "Required unless a union admin asks."}
    )
    scope = fields.Dict(
        keys=fields.String(),
        load_default=dict,
        metadata={"description": "What the run covers; its fields depend on the kind."},
    )


class SettlementQuerySchema(QuerySchema):
    kind = fields.String(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class TotalsSchema(StrictSchema):
    items = fields.Integer()
    amount = fields.Integer()


class ProgressSchema(StrictSchema):
    chunks_total = fields.Integer()
    chunks_pending = fields.Integer()
    chunks_running = fields.Integer()
    chunks_done = fields.Integer()
    chunks_failed = fields.Integer()
    items_done = fields.Integer()
    amount_done = fields.Integer()
    percent = fields.Float(allow_none=True)


class FailureSchema(StrictSchema):
    chunk_no = fields.Integer()
    attempts = fields.Integer()
    error = fields.String(allow_none=True)


class AlertSchema(StrictSchema):
    check = fields.String()
    message = fields.String()
    details = fields.Dict(allow_none=True)
    created_at = LocalDateTime()


class SettlementRunSchema(StrictSchema):
    id = fields.Integer()
    kind = fields.String()
    scope = fields.Dict()
    association_id = fields.Integer(allow_none=True)
    status = fields.String(
        metadata={"description": "pending, materialising, running, done or failed"}
    )
    created_by_id = fields.Integer(allow_none=True)
    created_at = LocalDateTime()
    materialised_at = LocalDateTime(allow_none=True)
    finished_at = LocalDateTime(allow_none=True)
    error = fields.String(allow_none=True)
    totals = fields.Nested(TotalsSchema)
    progress = fields.Nested(ProgressSchema)
    failures = fields.List(fields.Nested(FailureSchema))
    alerts = fields.List(fields.Nested(AlertSchema))
