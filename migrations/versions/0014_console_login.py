"""console: scan-to-login tickets, session kinds, association admin invites

Console login tickets (only a hash of the polling secret is kept); bearer tokens gain a kind
(app or console), when they were last seen and the browser and address that got them, so a user
can list and revoke their sessions; admin invites may name an association instead of a station
and can be revoked.

Revision ID: 0014_console_login
Revises: 0013_guardian_consent
Create Date: 2026-12-06 00:30:00.000000

"""

from alembic import op
import sqlalchemy as sa

import app.core.model


# revision identifiers, used by Alembic.
revision = "0014_console_login"
down_revision = "0013_guardian_consent"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), server_default="app", nullable=False)
        )
        batch_op.add_column(sa.Column("last_seen_at", app.core.model.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("user_agent", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("ip", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_auth_tokens_user_id_kind"), ["user_id", "kind"], unique=False
        )

    op.create_table(
        "console_login_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_hash", sa.String(length=64), nullable=False),
        sa.Column("scene", sa.String(length=32), nullable=False),
        sa.Column("requested_at", app.core.model.UTCDateTime(), nullable=False),
        sa.Column("expires_at", app.core.model.UTCDateTime(), nullable=False),
        sa.Column("user_agent", sa.String(length=255), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", app.core.model.UTCDateTime(), nullable=True),
        sa.Column("used_at", app.core.model.UTCDateTime(), nullable=True),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_console_login_tickets_confirmed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["auth_tokens.id"],
            name=op.f("fk_console_login_tickets_token_id_auth_tokens"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_login_tickets")),
        sa.UniqueConstraint("scene", name=op.f("uq_console_login_tickets_scene")),
        sa.UniqueConstraint("ticket_hash", name=op.f("uq_console_login_tickets_ticket_hash")),
    )

    with op.batch_alter_table("station_admin_invites", schema=None) as batch_op:
        batch_op.alter_column("station_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("association_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("revoked_at", app.core.model.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("revoked_by_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_station_admin_invites_association_id"), ["association_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_station_admin_invites_association_id_associations"),
            "associations",
            ["association_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_station_admin_invites_revoked_by_id_users"),
            "users",
            ["revoked_by_id"],
            ["id"],
        )


def downgrade():
    # Association admin invites have no place in the older schema (station_id NOT NULL).
    op.execute("DELETE FROM station_admin_invites WHERE station_id IS NULL")
    with op.batch_alter_table("station_admin_invites", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_station_admin_invites_revoked_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_station_admin_invites_association_id_associations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_station_admin_invites_association_id"))
        batch_op.drop_column("revoked_by_id")
        batch_op.drop_column("revoked_at")
        batch_op.drop_column("association_id")
        batch_op.alter_column("station_id", existing_type=sa.Integer(), nullable=False)

    op.drop_table("console_login_tickets")

    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_tokens_user_id_kind"))
        batch_op.drop_column("ip")
        batch_op.drop_column("user_agent")
        batch_op.drop_column("last_seen_at")
        batch_op.drop_column("kind")
