from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text


class StartSettlementSchema(StrictSchema):
    kind = Text(required=True, validate=validate.Length(min=1, max=32))
    association_id = Integer(
        load_default=None, metadata={"description": "Required unless a union admin asks."}
    )
    scope = fields.Dict(
        keys=Text(),
        load_default=dict,
        metadata={"description": "What the run covers; its fields depend on the kind."},
    )


class SettlementQuerySchema(PageArgs):
    kind = Text(load_default=None)


class TotalsSchema(StrictSchema):
    items = Integer()
    amount = Integer()


class ProgressSchema(StrictSchema):
    chunks_total = Integer()
    chunks_pending = Integer()
    chunks_running = Integer()
    chunks_done = Integer()
    chunks_failed = Integer()
    items_done = Integer()
    amount_done = Integer()
    percent = fields.Float(allow_none=True)


class FailureSchema(StrictSchema):
    chunk_no = Integer()
    attempts = Integer()
    error = Text(allow_none=True)


class AlertSchema(StrictSchema):
    check = Text()
    message = Text()
    details = fields.Dict(allow_none=True)
    created_at = LocalDateTime()


class SettlementRunSchema(StrictSchema):
    id = Integer()
    kind = Text()
    scope = fields.Dict()
    association_id = Integer(allow_none=True)
    status = Text(metadata={"description": "pending, materialising, running, done or failed"})
    created_by_id = Integer(allow_none=True)
    created_at = LocalDateTime()
    materialised_at = LocalDateTime(allow_none=True)
    finished_at = LocalDateTime(allow_none=True)
    error = Text(allow_none=True)
    totals = fields.Nested(TotalsSchema)
    progress = fields.Nested(ProgressSchema)
    failures = fields.List(fields.Nested(FailureSchema))
    alerts = fields.List(fields.Nested(AlertSchema))
