# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestCharter(ReclamationCase):
    def _new_draft(self, version="3.0"):
        return self.env["reclamation.charter"].create(
            {
                "version": version,
                "effective_date": date(2026, 1, 1),
                "approver_id": self.manager.id,
                "text": "<p>Revised text</p>",
            }
        )

    def test_publish_archives_previous_version(self):
        self.assertEqual(self.charter_v1.state, "archived")
        self.assertEqual(self.charter_v2.state, "published")
        draft = self._new_draft()
        draft.action_publish()
        self.assertEqual(draft.state, "published")
        self.assertEqual(draft.publication_date, fields.Date.context_today(draft))
        self.assertEqual(self.charter_v2.state, "archived")
        published = self.env["reclamation.charter"].search(
            [("company_id", "=", self.company.id), ("state", "=", "published")]
        )
        self.assertEqual(published, draft)

    def test_one_published_version_per_company_enforced_by_database(self):
        draft = self._new_draft()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                # Bypass action_publish: the database itself refuses.
                draft.write({"state": "published"})
                draft.flush_recordset()

    def test_other_company_has_its_own_published_version(self):
        company_b = self.env["res.company"].create({"name": "Antenne Sud"})
        charter_b = self.env["reclamation.charter"].create(
            {
                "version": "1.0",
                "effective_date": date(2025, 1, 1),
                "approver_id": self.manager.id,
                "text": "<p>Charte</p>",
                "company_id": company_b.id,
            }
        )
        charter_b.action_publish()
        self.assertEqual(charter_b.state, "published")
        self.assertEqual(self.charter_v2.state, "published")

    def test_invalid_transitions_raise_and_change_nothing(self):
        with self.assertRaisesRegex(UserError, "Only a draft version can be published"):
            self.charter_v1.action_publish()
        self.assertEqual(self.charter_v1.state, "archived")
        self.assertEqual(self.charter_v2.state, "published")
        draft = self._new_draft()
        with self.assertRaisesRegex(UserError, "Only a published version"):
            draft.action_retire()
        self.assertEqual(draft.state, "draft")

    def test_publish_needs_approver_and_text(self):
        draft = self._new_draft()
        draft.approver_id = False
        with self.assertRaisesRegex(UserError, "approver"):
            draft.action_publish()
        self.assertEqual(draft.state, "draft")
        self.assertEqual(self.charter_v2.state, "published")

    def test_published_text_is_frozen(self):
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            self.charter_v2.text = "<p>Rewritten in place</p>"
        self.assertIn("Transparency", self.charter_v2.text)
        # The change log may still be completed.
        self.charter_v2.change_log = "Added article 2."
        self.assertEqual(self.charter_v2.change_log, "Added article 2.")

    def test_published_version_cannot_be_deleted(self):
        with self.assertRaisesRegex(UserError, "Only drafts can be deleted"):
            self.charter_v2.unlink()
        self.assertTrue(self.charter_v2.exists())
        draft = self._new_draft()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_review_activity_due_twelve_months_after_publication(self):
        draft = self._new_draft()
        draft.action_publish()
        today = fields.Date.context_today(draft)
        self.assertEqual(draft.review_date, today + relativedelta(months=12))
        activity = draft.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("reclamation_charter.mail_activity_type_charter_review"),
        )
        self.assertEqual(activity.date_deadline, today + relativedelta(months=12))
        self.assertEqual(activity.user_id, self.manager)
        # The superseded version's review is withdrawn.
        self.assertFalse(self.charter_v2.activity_ids)

    def test_version_number_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._new_draft(version="2.0")

    def test_only_managers_write_charters(self):
        draft = self._new_draft()
        with self.assertRaises(AccessError):
            draft.with_user(self.handler).write({"change_log": "x"})
        with self.assertRaises(AccessError):
            draft.with_user(self.handler).action_publish()
        draft.with_user(self.manager).action_publish()
        self.assertEqual(draft.state, "published")

    def test_version_in_force_on_a_date(self):
        Charter = self.env["reclamation.charter"]
        company = self.company
        in_force = Charter._get_in_force_by_company(
            company,
            {company.id: {date(2023, 12, 31), date(2024, 3, 1), date(2025, 6, 1)}},
        )
        self.assertFalse(in_force[(company.id, date(2023, 12, 31))])
        self.assertEqual(in_force[(company.id, date(2024, 3, 1))], self.charter_v1)
        self.assertEqual(in_force[(company.id, date(2025, 6, 1))], self.charter_v2)
