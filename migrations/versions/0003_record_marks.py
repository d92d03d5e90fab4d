"""record marks: the highest version written to each participant's record

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 20:15:00

A pull asks the entity tables only about participants whose mark is newer
than its cookie (core/models/marks.py), so the marks of an existing
database are filled in here from the rows it holds: a missing mark would
hide changes a phone has not pulled yet. Open conflicts and a device's
refusals get the indexes a pull reads them by.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# The tables of a participant's record at this revision (participant_id and uuid).
RECORD_TABLES = ('assignment', 'plan', 'self_rating', 'sync_conflict', 'tenancy', 'visit_note',
                 'action_plan', 'goal', 'landlord_report', 'note_addendum', 'review',
                 'action_plan_item', 'follow_up', 'step', 'plan_event')


def upgrade():
    op.create_table('record_mark',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_record_mark_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_mark')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_record_mark_participant_id'))
    )
    rows = ' UNION ALL '.join(f'SELECT participant_id, version FROM "{t}"' for t in RECORD_TABLES)
    op.execute('INSERT INTO record_mark (participant_id, version) '
               f'SELECT participant_id, MAX(version) FROM ({rows}) AS r GROUP BY participant_id')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflict_user_id'))
        batch_op.create_index('ix_sync_conflict_user_open', ['user_id', 'resolved_at'], unique=False)
    with op.batch_alter_table('mutation_error', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mutation_error_device_id'))
        batch_op.create_index('ix_mutation_error_device_version', ['device_id', 'version'], unique=False)


def downgrade():
    with op.batch_alter_table('mutation_error', schema=None) as batch_op:
        batch_op.drop_index('ix_mutation_error_device_version')
        batch_op.create_index(batch_op.f('ix_mutation_error_device_id'), ['device_id'], unique=False)
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflict_user_open')
        batch_op.create_index(batch_op.f('ix_sync_conflict_user_id'), ['user_id'], unique=False)
    op.drop_table('record_mark')
