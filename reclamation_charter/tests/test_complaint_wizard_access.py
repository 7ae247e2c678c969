# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestComplaintWizardAccess(ReclamationCase):
    """The wizards on a complaint (decision, holding letter, appeal, sharing,
    closure, desk move, data-protection decision) show its name, deadlines
    and consents: they open, and are created, only on a complaint the user
    reads."""

    WIZARDS = {
        "reclamation.resolution.wizard": {
            "outcome": "upheld",
            "rationale": "The refund was late.",
        },
        "reclamation.holding.letter": {
            "reason": "We wait for the bank.",
            "new_date": date.today() + timedelta(days=60),
        },
        "reclamation.appeal.wizard": {"reason": "I disagree."},
        "reclamation.share.wizard": {},
        "reclamation.complaint.close": {},
        "reclamation.desk.move": {"reason": "Not a complaint."},
    }

    def _values(self, model):
        values = dict(self.WIZARDS[model])
        if model == "reclamation.complaint.close":
            values.update(
                stage_id=self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                root_cause_id=self.root_cause.id,
            )
        elif model == "reclamation.desk.move":
            values["team_id"] = self.support.id
        return values

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret = cls._create_complaint(
            team_id=cls.other_desk.id, name="DeskB secret complaint of Eve"
        )
        cls.own = cls._create_complaint()

    def test_wizards_refuse_another_desks_complaint(self):
        for model in self.WIZARDS:
            values = self._values(model)
            Wizard = self.env[model].with_user(self.handler)
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    Wizard.create({"ticket_id": self.secret.id, **values})
                # Nor opened on it (the form's defaults and onchange).
                with self.assertRaises(AccessError):
                    Wizard.with_context(default_ticket_id=self.secret.id).default_get(
                        ["ticket_id"]
                    )
                with self.assertRaises(AccessError):
                    Wizard.onchange(
                        {"ticket_id": self.secret.id}, ["ticket_id"], {"ticket_id": {}}
                    )
        Decision = self.env["reclamation.privacy.decision"].with_user(self.handler)
        with self.assertRaises(AccessError):
            Decision.create(
                {
                    "ticket_ids": [(6, 0, (self.own | self.secret).ids)],
                    "decision": "restrict",
                    "reason": "Asked by the person.",
                }
            )

    def test_wizards_open_on_the_desks_complaint(self):
        wizard = (
            self.env["reclamation.holding.letter"]
            .with_user(self.handler)
            .create(
                {"ticket_id": self.own.id, **self._values("reclamation.holding.letter")}
            )
        )
        self.assertEqual(wizard.current_deadline, self.own.resolution_deadline)
        form = Form(
            self.env["reclamation.appeal.wizard"]
            .with_user(self.handler)
            .with_context(default_ticket_id=self.own.id)
        )
        self.assertEqual(form.ticket_id, self.own)
