# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import ReclamationCase


class TestDpoMenus(ReclamationCase):
    """The data protection officer reaches the decision log, the consent
    texts and the consent purposes from the menus."""

    MENUS = {
        "reclamation_charter.menu_reclamation_decision_log": (
            "reclamation.decision.log"
        ),
        "reclamation_charter.menu_reclamation_consent_text": (
            "reclamation.consent.text"
        ),
        "reclamation_charter.menu_reclamation_consent_purpose": (
            "reclamation.consent.purpose"
        ),
    }

    def _assert_menu_path(self, user, xmlid):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        menu = self.env.ref(xmlid)
        path = menu
        while path.parent_id:
            path = path.parent_id
            menu |= path
        hidden = menu.filtered(lambda m: m.id not in visible)
        self.assertFalse(
            hidden,
            f"{xmlid} is out of reach of {user.login}: "
            f"{', '.join(hidden.mapped('complete_name'))} hidden",
        )
        return self.env.ref(xmlid).action

    def test_dpo_reaches_decision_log_and_consent_configuration(self):
        for xmlid, model in self.MENUS.items():
            with self.subTest(menu=xmlid):
                action = self._assert_menu_path(self.dpo, xmlid)
                self.assertEqual(action.res_model, model)
                # The action opens: the DPO reads its records.
                Model = self.env[model].with_user(self.dpo)
                self.assertTrue(Model.has_access("read"))
                Model.search([], limit=1).read(["display_name"])
        # The DPO manages the consent texts and purposes.
        for model in ("reclamation.consent.text", "reclamation.consent.purpose"):
            Model = self.env[model].with_user(self.dpo)
            for operation in ("create", "write"):
                self.assertTrue(Model.has_access(operation), (model, operation))

    def test_managers_keep_their_path(self):
        for xmlid in self.MENUS:
            with self.subTest(menu=xmlid):
                self._assert_menu_path(self.manager, xmlid)

    def test_handlers_do_not_see_them(self):
        visible = self.env["ir.ui.menu"].with_user(self.handler)._visible_menu_ids()
        for xmlid in self.MENUS:
            self.assertNotIn(self.env.ref(xmlid).id, visible, xmlid)
