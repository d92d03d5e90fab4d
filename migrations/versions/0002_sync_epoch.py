"""sync epoch: a restore from a backup starts a new one

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sync_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('epoch', sa.String(length=32), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('sync_version', schema=None) as batch_op:
        batch_op.drop_column('epoch')
