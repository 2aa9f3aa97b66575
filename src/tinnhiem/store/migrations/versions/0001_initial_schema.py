"""initial schema: content tables (canonical import) and assessment results

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tinnhiem.store.types import JSONType, UTCDateTime

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('influencer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('niches', JSONType, nullable=False),
    sa.Column('province', sa.String(length=100), nullable=True),
    sa.Column('bio', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_influencer')),
    sa.UniqueConstraint('key', name=op.f('uq_influencer_key'))
    )
    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('brand', sa.String(length=300), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('registration_number', sa.String(length=200), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('key', name=op.f('uq_product_key'))
    )
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('influencer_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('platform_id', sa.String(length=200), nullable=False),
    sa.Column('handle', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('followers', sa.BigInteger(), nullable=True),
    sa.Column('bio', sa.Text(), nullable=True),
    sa.Column('verified', sa.Boolean(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['influencer_id'], ['influencer.id'], name=op.f('fk_account_influencer_id_influencer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
    sa.UniqueConstraint('platform', 'platform_id', name=op.f('uq_account_platform_platform_id'))
    )
    op.create_index(op.f('ix_account_influencer_id'), 'account', ['influencer_id'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('influencer_id', sa.Integer(), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('methodology_version', sa.String(length=40), nullable=False),
    sa.Column('methodology_digest', sa.String(length=100), nullable=False),
    sa.Column('detector_manifest', JSONType, nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.Column('tier', sa.String(length=40), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('gates', JSONType, nullable=False),
    sa.Column('summary', JSONType, nullable=False),
    sa.Column('input_digest', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['influencer_id'], ['influencer.id'], name=op.f('fk_assessment_influencer_id_influencer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    op.create_index(op.f('ix_assessment_influencer_id'), 'assessment', ['influencer_id'], unique=False)

    op.create_table('collaboration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('influencer_id', sa.Integer(), nullable=False),
    sa.Column('brand', sa.String(length=300), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('declared_by', sa.String(length=20), nullable=False),
    sa.Column('compensation', sa.String(length=20), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['influencer_id'], ['influencer.id'], name=op.f('fk_collaboration_influencer_id_influencer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_collaboration_product_id_product'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collaboration')),
    sa.UniqueConstraint('key', name=op.f('uq_collaboration_key'))
    )
    op.create_index(op.f('ix_collaboration_influencer_id'), 'collaboration', ['influencer_id'], unique=False)
    op.create_index(op.f('ix_collaboration_product_id'), 'collaboration', ['product_id'], unique=False)

    op.create_table('audience_sample',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('sampled_on', sa.Date(), nullable=False),
    sa.Column('follower_pseudonym', sa.String(length=16), nullable=False),
    sa.Column('followers', sa.BigInteger(), nullable=True),
    sa.Column('following', sa.BigInteger(), nullable=True),
    sa.Column('posts', sa.BigInteger(), nullable=True),
    sa.Column('has_profile_pic', sa.Boolean(), nullable=True),
    sa.Column('is_private', sa.Boolean(), nullable=True),
    sa.Column('bio_length', sa.Integer(), nullable=True),
    sa.Column('username_digits', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_audience_sample_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audience_sample')),
    sa.UniqueConstraint('account_id', 'sampled_on', 'follower_pseudonym', name=op.f('uq_audience_sample_account_id_sampled_on_follower_pseudonym'))
    )
    op.create_table('criterion_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('confidence', JSONType, nullable=True),
    sa.Column('coverage', JSONType, nullable=False),
    sa.Column('deductions', JSONType, nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_criterion_score_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_score')),
    sa.UniqueConstraint('assessment_id', 'criterion', name=op.f('uq_criterion_score_assessment_id_criterion'))
    )
    op.create_table('detector_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('detector', sa.String(length=100), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('examined', sa.Integer(), nullable=False),
    sa.Column('not_available', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('findings', sa.Integer(), nullable=False),
    sa.Column('error_messages', JSONType, nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_detector_run_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_detector_run'))
    )
    op.create_index(op.f('ix_detector_run_assessment_id'), 'detector_run', ['assessment_id'], unique=False)

    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('influencer_id', sa.Integer(), nullable=False),
    sa.Column('detector', sa.String(length=100), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('subject_kind', sa.String(length=20), nullable=False),
    sa.Column('subject_key', sa.String(length=500), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('message_en', sa.Text(), nullable=False),
    sa.Column('legal_source', sa.Text(), nullable=False),
    sa.Column('rule_confidence', sa.String(length=10), nullable=False),
    sa.Column('remediation', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('evidence', JSONType, nullable=False),
    sa.Column('data', JSONType, nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_finding_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['influencer_id'], ['influencer.id'], name=op.f('fk_finding_influencer_id_influencer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding')),
    sa.UniqueConstraint('assessment_id', 'fingerprint', name=op.f('uq_finding_assessment_id_fingerprint'))
    )
    op.create_index(op.f('ix_finding_detector'), 'finding', ['detector'], unique=False)
    op.create_index(op.f('ix_finding_influencer_id'), 'finding', ['influencer_id'], unique=False)

    op.create_table('metric_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('followers', sa.BigInteger(), nullable=True),
    sa.Column('following', sa.BigInteger(), nullable=True),
    sa.Column('posts', sa.BigInteger(), nullable=True),
    sa.Column('views', sa.BigInteger(), nullable=True),
    sa.Column('likes', sa.BigInteger(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_metric_snapshot_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_snapshot')),
    sa.UniqueConstraint('account_id', 'observed_on', name=op.f('uq_metric_snapshot_account_id_observed_on'))
    )
    op.create_table('post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('post_id', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('published_at', UTCDateTime(), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('transcript', JSONType, nullable=True),
    sa.Column('hashtags', JSONType, nullable=False),
    sa.Column('links', JSONType, nullable=False),
    sa.Column('mentions', JSONType, nullable=False),
    sa.Column('paid_partnership', sa.Boolean(), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('views', sa.BigInteger(), nullable=True),
    sa.Column('likes', sa.BigInteger(), nullable=True),
    sa.Column('comments', sa.BigInteger(), nullable=True),
    sa.Column('shares', sa.BigInteger(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], name=op.f('fk_post_account_id_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post')),
    sa.UniqueConstraint('platform', 'post_id', name=op.f('uq_post_platform_post_id'))
    )
    op.create_index(op.f('ix_post_account_id'), 'post', ['account_id'], unique=False)

    op.create_table('collaboration_post',
    sa.Column('collaboration_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['collaboration_id'], ['collaboration.id'], name=op.f('fk_collaboration_post_collaboration_id_collaboration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_collaboration_post_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collaboration_id', 'post_id', name=op.f('pk_collaboration_post'))
    )
    op.create_index(op.f('ix_collaboration_post_post_id'), 'collaboration_post', ['post_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=20), nullable=False),
    sa.Column('comment_id', sa.String(length=200), nullable=False),
    sa.Column('author_pseudonym', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('published_at', UTCDateTime(), nullable=True),
    sa.Column('likes', sa.BigInteger(), nullable=True),
    sa.Column('parent_id', sa.String(length=200), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_comment_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment')),
    sa.UniqueConstraint('platform', 'comment_id', name=op.f('uq_comment_platform_comment_id'))
    )
    op.create_index(op.f('ix_comment_author_pseudonym'), 'comment', ['author_pseudonym'], unique=False)
    op.create_index(op.f('ix_comment_post_id'), 'comment', ['post_id'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('influencer_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('filed_at', UTCDateTime(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(), nullable=False),
    sa.Column('updated_at', UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['influencer_id'], ['influencer.id'], name=op.f('fk_complaint_influencer_id_influencer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_complaint_post_id_post'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('key', name=op.f('uq_complaint_key'))
    )
    op.create_index(op.f('ix_complaint_influencer_id'), 'complaint', ['influencer_id'], unique=False)
    op.create_index(op.f('ix_complaint_post_id'), 'complaint', ['post_id'], unique=False)

    op.create_table('post_product',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_product_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_post_product_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'product_id', name=op.f('pk_post_product'))
    )
    op.create_index(op.f('ix_post_product_product_id'), 'post_product', ['product_id'], unique=False)



def downgrade() -> None:
    op.drop_index(op.f('ix_post_product_product_id'), table_name='post_product')

    op.drop_table('post_product')
    op.drop_index(op.f('ix_complaint_post_id'), table_name='complaint')
    op.drop_index(op.f('ix_complaint_influencer_id'), table_name='complaint')

    op.drop_table('complaint')
    op.drop_index(op.f('ix_comment_post_id'), table_name='comment')
    op.drop_index(op.f('ix_comment_author_pseudonym'), table_name='comment')

    op.drop_table('comment')
    op.drop_index(op.f('ix_collaboration_post_post_id'), table_name='collaboration_post')

    op.drop_table('collaboration_post')
    op.drop_index(op.f('ix_post_account_id'), table_name='post')

    op.drop_table('post')
    op.drop_table('metric_snapshot')
    op.drop_index(op.f('ix_finding_influencer_id'), table_name='finding')
    op.drop_index(op.f('ix_finding_detector'), table_name='finding')

    op.drop_table('finding')
    op.drop_index(op.f('ix_detector_run_assessment_id'), table_name='detector_run')

    op.drop_table('detector_run')
    op.drop_table('criterion_score')
    op.drop_table('audience_sample')
    op.drop_index(op.f('ix_collaboration_product_id'), table_name='collaboration')
    op.drop_index(op.f('ix_collaboration_influencer_id'), table_name='collaboration')

    op.drop_table('collaboration')
    op.drop_index(op.f('ix_assessment_influencer_id'), table_name='assessment')

    op.drop_table('assessment')
    op.drop_index(op.f('ix_account_influencer_id'), table_name='account')

    op.drop_table('account')
    op.drop_table('product')
    op.drop_table('influencer')
