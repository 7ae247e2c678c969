# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestReadiness(ReclamationCase):
    """Charter article 8: Settings list what a desk needs before it opens,
    each check with the place to fix it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Policies of every company would count for the new one.
        cls.env["reclamation.sla.policy"].search([("company_id", "=", False)]).write(
            {"active": False}
        )
        cls.new_company = cls.env["res.company"].create({"name": "Brand-new desk"})
        cls.env.user.company_ids |= cls.new_company
        cls.admin = new_test_user(
            cls.env,
            login="rc-readiness-admin",
            groups="base.group_system,reclamation_charter.group_reclamation_manager",
            company_id=cls.new_company.id,
            company_ids=[(6, 0, (cls.new_company | cls.company).ids)],
        )

    def _checks(self):
        return {
            check["key"]: check for check in self.new_company._reclamation_readiness()
        }

    def _settings(self, user=None):
        return (
            self.env["res.config.settings"]
            .with_user(user or self.admin)
            .with_company(self.new_company)
            .create({})
        )

    @freeze_time("2026-03-02 10:00:00")
    def test_a_fresh_company_lacks_everything_but_retention(self):
        checks = self._checks()
        self.assertEqual(
            list(checks),
            [
                "calendar",
                "policy",
                "charter",
                "consent_texts",
                "privacy_notice",
                "retention",
                "mediator",
                "mail",
            ],
        )
        self.assertEqual(
            {key: check["ok"] for key, check in checks.items()},
            {
                "calendar": False,
                "policy": False,
                "charter": False,
                "consent_texts": False,
                "privacy_notice": False,
                "retention": True,
                "mediator": False,
                "mail": False,
            },
        )
        self.assertIn("public holiday", checks["calendar"]["detail"])
        self.assertIn(
            self.new_company.resource_calendar_id.name, checks["calendar"]["detail"]
        )
        self.assertIn("Sharing", checks["consent_texts"]["detail"])
        for key, check in checks.items():
            self.assertTrue(check["label"])
            self.assertEqual(
                check["action"]["type"],
                "ir.actions.act_url"
                if key in ("retention", "mediator")
                else "ir.actions.act_window",
            )
        settings = self._settings()
        self.assertFalse(settings.reclamation_ready)
        self.assertFalse(settings.reclamation_ready_policy)
        self.assertIn("No deadline policy", settings.reclamation_ready_policy_detail)
        self.assertTrue(settings.reclamation_ready_retention)
        # Another company's desk being ready changes nothing here.
        self.assertFalse(self._checks()["charter"]["ok"])

    def test_generic_preset_is_one_click_away(self):
        settings = self._settings()
        action = settings.action_reclamation_apply_generic_preset()
        policies = self.env["reclamation.sla.policy"].search(action["domain"])
        self.assertEqual(len(policies), 3)
        self.assertEqual(policies.company_id, self.new_company)
        self.assertTrue(self._checks()["policy"]["ok"])
        self.assertTrue(self._settings().reclamation_ready_policy)

    def test_only_a_complaint_manager_applies_the_preset(self):
        it_admin = new_test_user(
            self.env,
            login="rc-it-admin",
            groups="base.group_system",
            company_id=self.new_company.id,
            company_ids=[(6, 0, self.new_company.ids)],
        )
        with self.assertRaises(AccessError):
            self._settings(it_admin).action_reclamation_apply_generic_preset()
        self.assertFalse(self._checks()["policy"]["ok"])

    def test_fix_buttons_open_the_place_to_fix(self):
        settings = self._settings()
        calendar = self.new_company.resource_calendar_id
        expected = {
            "calendar": "reclamation.public.holiday.import",
            "policy": "reclamation.sla.preset",
            "charter": "reclamation.charter",
            "consent_texts": "reclamation.consent.text",
            "privacy_notice": "reclamation.privacy.notice",
            "mail": "mail.alias.domain",
        }
        for key, model in expected.items():
            action = settings.with_context(
                reclamation_readiness_key=key
            ).action_reclamation_readiness_fix()
            self.assertEqual(action["res_model"], model, key)
        # Settings open at the setting to fix, not at their top.
        for key, setting in (
            ("retention", "reclamation_retention"),
            ("mediator", "reclamation_mediator"),
        ):
            action = settings.with_context(
                reclamation_readiness_key=key
            ).action_reclamation_readiness_fix()
            self.assertEqual(action["url"], f"/odoo/settings#{setting}", key)
            arch = settings.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertIn(f'id="{setting}"', arch)
        action = settings.with_context(
            reclamation_readiness_key="calendar"
        ).action_reclamation_readiness_fix()
        self.assertEqual(action["context"]["default_calendar_id"], calendar.id)

    def test_a_complaint_manager_reads_the_readiness_check(self):
        """A complaint manager who is not an administrator opens the
        readiness check from the desk's configuration menu (Settings are
        refused to them), in their language; what is fixed in Settings
        offers them no link they cannot open."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        manager = new_test_user(
            self.env,
            login="rc-readiness-manager",
            groups="reclamation_charter.group_reclamation_manager",
            company_id=self.new_company.id,
            company_ids=[(6, 0, self.new_company.ids)],
        )
        with self.assertRaises(AccessError):
            self._settings(manager)
        menu = self.env.ref("reclamation_charter.menu_reclamation_readiness")
        self.assertIn(menu, self.env["ir.ui.menu"].with_user(manager).search([]))
        for lang, title, retention in (
            ("en_US", "Complaint Desk Readiness", "A retention policy"),
            ("fr_FR", None, "Une politique de conservation"),
        ):
            action = (
                menu.action.with_user(manager)
                .with_context(lang=lang, allowed_company_ids=self.new_company.ids)
                .run()
            )
            readiness = (
                self.env["reclamation.readiness"]
                .with_user(manager)
                .with_context(lang=lang)
                .browse(action["res_id"])
            )
            self.assertEqual(readiness.company_id, self.new_company)
            if title:
                self.assertEqual(readiness.display_name, title)
            self.assertFalse(readiness.is_ready)
            lines = {line.key: line for line in readiness.line_ids}
            self.assertEqual(lines["retention"].name, retention)
            self.assertTrue(lines["retention"].is_ok)
            self.assertFalse(lines["policy"].is_ok)
            self.assertTrue(lines["policy"].detail)
            self.assertTrue(lines["policy"].can_fix)
            self.assertFalse(lines["mediator"].can_fix)
            self.assertEqual(
                lines["policy"].action_fix()["res_model"], "reclamation.sla.preset"
            )
        # An administrator is offered the link to the setting itself.
        readiness = (
            self.env["reclamation.readiness"]
            .with_user(self.admin)
            .with_company(self.new_company)
            .create({})
        )
        mediator = readiness.line_ids.filtered(lambda line: line.key == "mediator")
        self.assertTrue(mediator.can_fix)
        self.assertEqual(
            mediator.action_fix()["url"], "/odoo/settings#reclamation_mediator"
        )

    def test_everything_done_the_desk_is_ready(self):
        calendar = self.new_company.resource_calendar_id
        with freeze_time("2026-03-02 10:00:00"):
            self.env["reclamation.public.holiday.import"].create(
                {
                    "calendar_id": calendar.id,
                    "country_id": self.env.ref("base.fr").id,
                    "year": 2026,
                }
            ).action_import()
            self.assertTrue(self._checks()["calendar"]["ok"])
        # A year later the holidays imported are all past: import the next ones.
        with freeze_time("2027-01-05 10:00:00"):
            self.assertFalse(self._checks()["calendar"]["ok"])
        self._settings().action_reclamation_apply_generic_preset()
        charter = (
            self.env["reclamation.charter"]
            .with_company(self.new_company)
            .create(
                {
                    "version": "1.0",
                    "effective_date": date(2026, 1, 1),
                    "approver_id": self.admin.id,
                    "text": "<p>1. Listening and respect</p>",
                    "company_id": self.new_company.id,
                }
            )
        )
        self.assertFalse(self._checks()["charter"]["ok"], "a draft is not enough")
        charter.with_user(self.admin).action_publish()
        for purpose in self.env["reclamation.consent.purpose"].search([]):
            text = self.env["reclamation.consent.text"].create(
                {
                    "name": purpose.name,
                    "purpose_id": purpose.id,
                    "lang": "en_US",
                    "body": f"<p>I agree: {purpose.name}.</p>",
                    "company_id": self.new_company.id,
                }
            )
            text.action_publish()
        notice = (
            self.env["reclamation.privacy.notice"]
            .with_company(self.new_company)
            .create(
                {
                    "version": "1.0",
                    "effective_date": date(2026, 1, 1),
                    "text": "<p>What we collect, why, for how long.</p>",
                    "company_id": self.new_company.id,
                }
            )
        )
        self.assertFalse(
            self._checks()["privacy_notice"]["ok"], "a draft is not enough"
        )
        notice.with_user(self.admin).action_publish()
        self.new_company.reclamation_mediator_id = self.env["res.partner"].create(
            {
                "name": "Médiateur de la consommation",
                "is_company": True,
                "website": "https://mediateur.example.org",
                "street": "1 rue de la Paix",
                "zip": "75002",
                "city": "Paris",
            }
        )
        self.new_company.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "new-desk.example"}
        )
        with freeze_time("2026-03-02 10:00:00"):
            checks = self._checks()
            self.assertEqual(
                [key for key, check in checks.items() if not check["ok"]], []
            )
            self.assertFalse(any(check["detail"] for check in checks.values()))
            self.assertTrue(self._settings().reclamation_ready)

    def test_mail_setup_for_replies_to_reach_the_complaint(self):
        """Letters ask for replies at the desk's alias, else at the alias
        domain's catch-all: without an alias domain, replies do not come
        back to the complaint."""
        self.new_company.email = "info@new-desk.example"
        self.new_company.alias_domain_id = False
        check = self._checks()["mail"]
        self.assertFalse(check["ok"])
        self.assertIn("No alias domain", check["detail"])
        self.assertIn("info@new-desk.example", check["detail"])
        self.assertFalse(self._settings().reclamation_ready_mail)
        self.new_company.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "new-desk.example"}
        )
        self.assertTrue(self._checks()["mail"]["ok"])
        self.assertTrue(self._settings().reclamation_ready_mail)
