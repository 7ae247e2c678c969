# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestPrivacyNotice(ReclamationCase):
    """Charter articles 3 and 8: the privacy notice is a versioned text,
    frozen once published, one in force per company, read by everyone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Notice = cls.env["reclamation.privacy.notice"]
        # Demo data may hold a published notice for the company.
        cls.Notice.search([("state", "=", "published")]).write({"state": "archived"})
        cls.portal_user = new_test_user(
            cls.env, login="rc-notice-portal", groups="base.group_portal"
        )

    def _notice(self, version, **values):
        return self.Notice.create(
            {
                "version": version,
                "effective_date": date(2026, 1, 1),
                "text": f"<p>Notice {version}: what we collect and why.</p>",
                **values,
            }
        )

    def test_publish_archives_the_previous_version(self):
        first = self._notice("1.0").with_user(self.dpo)
        first.action_publish()
        self.assertEqual(first.state, "published")
        self.assertEqual(first.publication_date, fields.Date.context_today(first))
        second = self._notice("2.0").with_user(self.manager)
        second.action_publish()
        self.assertEqual(first.state, "archived")
        self.assertEqual(second.state, "published")
        self.assertEqual(self.Notice._get_current(), second.sudo(False))

    def test_published_version_is_frozen(self):
        notice = self._notice("1.0")
        notice.action_publish()
        with self.assertRaises(UserError):
            notice.text = "<p>Changed afterwards</p>"
        with self.assertRaises(UserError):
            notice.write({"state": "draft"})
        with self.assertRaises(UserError):
            notice.unlink()

    def test_no_text_no_publication(self):
        notice = self._notice("1.0", text="<p><br></p>")
        with self.assertRaises(UserError):
            notice.action_publish()
        self.assertEqual(notice.state, "draft")

    def test_current_is_the_latest_in_force(self):
        today = fields.Date.context_today(self.Notice)
        in_force = self._notice("1.0")
        in_force.action_publish()
        future = self._notice("2.0", effective_date=today + timedelta(days=30))
        future.action_publish()
        # The future version is published, the one in force today is archived.
        self.assertEqual(self.Notice._get_current(), in_force)

    def test_who_manages_and_who_reads(self):
        draft = self._notice("1.0")
        with self.assertRaises(AccessError):
            self.Notice.with_user(self.handler).create(
                {"version": "9", "effective_date": date(2026, 1, 1)}
            )
        with self.assertRaises(AccessError):
            draft.with_user(self.handler).action_publish()
        self.assertEqual(draft.state, "draft")
        self._notice("2.0").with_user(self.dpo).action_publish()
        portal_notices = self.Notice.with_user(self.portal_user).search([])
        self.assertTrue(portal_notices)
        self.assertNotIn(draft, portal_notices)
        self.assertFalse(draft.with_user(self.portal_user).has_access("read"))
