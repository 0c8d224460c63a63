from marshmallow import fields, validate

from app.core.schemas import Integer, LocalDateTime, PageArgs, StrictSchema, Text, page_schema


class PointsSummarySchema(StrictSchema):
    balance = Integer()
    earned = Integer(metadata={"description": "All points ever received"})
    spent = Integer(metadata={"description": "All points ever given up"})


class PointEntrySchema(StrictSchema):
    id = Integer()
    amount = Integer(metadata={"description": "Signed: positive in, negative out"})
    balance_after = Integer()
    reason = fields.Function(lambda entry: entry.transfer.reason)
    reference_type = fields.Function(lambda entry: entry.transfer.reference_type)
    reference_id = fields.Function(lambda entry: entry.transfer.reference_id)
    transfer_id = Integer()
    created_at = LocalDateTime()


PointEntryPageSchema = page_schema(PointEntrySchema, "PointEntryPage")


class EntriesArgs(PageArgs):
    pass


class AdjustmentSchema(StrictSchema):
    user_id = Integer(required=True, validate=validate.Range(min=1))
    amount = Integer(
        required=True,
        strict=True,
        validate=[
            validate.Range(min=-1_000_000, max=1_000_000),
            validate.NoneOf([0], error="Must not be zero."),
        ],
        metadata={"description": "Positive awards, negative claws back"},
    )
    reason = Text(required=True, validate=validate.Length(min=2, max=200))


class TransferSchema(StrictSchema):
    transfer_id = Integer(attribute="transfer.id")
    user_id = Integer()
    amount = Integer()
    reason = Text(attribute="transfer.reason")
    balance = Integer()
    created_at = LocalDateTime(attribute="transfer.created_at")
