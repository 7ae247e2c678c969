# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import new_test_user, tagged

from .test_anonymisation import (
    EMAIL,
    NAME,
    PHONE,
    SENTENCE,
    TestAnonymisationIsComplete,
)


@tagged("post_install", "-at_install")
class TestAnonymisationOfDecisions(TestAnonymisationIsComplete):
    maxDiff = None
    """The database-wide scan of the anonymisation, with the person's
    complaint decided: a rejection sent with its PDF letter, an appeal with
    its reason, the decision on appeal offered and accepted, and an approved
    change to the person's contact whose justification names them. Nothing
    of them remains; the outcomes stay."""

    @classmethod
    def _fill_decisions(cls):
        res = super()._fill_decisions()
        complaint = cls.complaint
        company = complaint.company_id
        company.reclamation_mediator_id = cls.env["res.partner"].create(
            {
                "name": "Médiateur des associations",
                "is_company": True,
                "website": "https://mediateur-associations.example.org",
                "street": "12 rue des Lilas",
                "zip": "75011",
                "city": "Paris",
            }
        )
        company.reclamation_appeal_days = 30
        complaint.write({"root_cause_id": cls.root_cause.id})
        Resolution = cls.env["reclamation.resolution"]
        cls.rejection = Resolution.with_user(cls.handler).create(
            {
                "ticket_id": complaint.id,
                "outcome": "rejected",
                "rationale": f"{NAME} was told on {PHONE}: {SENTENCE}",
            }
        )
        cls.rejection.action_send()
        complaint.with_user(cls.handler)._record_appeal(
            f"{NAME} called: {SENTENCE}", "email"
        )
        cls.desk.user_ids = [(4, cls.other_handler.id)]
        complaint.user_id = cls.other_handler
        cls.offer = Resolution.with_user(cls.other_handler).create(
            {
                "ticket_id": complaint.id,
                "outcome": "partly_upheld",
                "is_offer": True,
                "remedy_granted": f"A refund to {NAME}",
                "rationale": f"On appeal, {SENTENCE}",
            }
        )
        cls.offer.action_send()
        cls.offer.with_user(cls.handler).action_answer_offer_accept()
        second_manager = new_test_user(
            cls.env,
            login="rc-second-manager",
            groups="reclamation_charter.group_reclamation_manager",
        )
        change = (
            cls.env["reclamation.partner.change.request"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": cls.person.id,
                    "request_archive": True,
                    "justification": f"{NAME} moved away: {SENTENCE}",
                }
            )
        )
        change.action_submit()
        change.with_user(second_manager).action_approve()
        cls.change = change
        # A text field of the contact protected too: its old and new values
        # are in the request and in the decision log.
        cls.person.ref = f"Member {NAME}"
        company.reclamation_protected_field_ids |= cls.env.ref(
            "base.field_res_partner__ref"
        )
        cls.ref_change = (
            cls.env["reclamation.partner.change.request"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": cls.person.id,
                    "request_field_name": "ref",
                    "request_value": f"Former member {EMAIL}",
                    "justification": "Membership ended.",
                }
            )
        )
        cls.ref_change.action_submit()
        cls.ref_change.with_user(second_manager).action_approve()
        return res

    def test_the_decisions_hold_the_person_before(self):
        places = {place for place, _value in self._find_needles()}
        for expected in (
            "reclamation_resolution.rationale",
            "reclamation_resolution.remedy_granted",
            "helpdesk_ticket.appeal_reason",
            "reclamation_partner_change_request.justification",
            "reclamation_partner_change_request.request_value",
            "reclamation_partner_change_request.requested_values",
            "reclamation_decision_log.before",
            "reclamation_decision_log.after",
            "reclamation_decision_log.before_values",
            "reclamation_decision_log.after_values",
        ):
            self.assertIn(expected, places)
        self.assertTrue(self.rejection.report_attachment_id)
        self.assertEqual(self.offer.offer_state, "accepted")
        self.assertEqual(self.change.state, "applied")

    def test_nothing_of_the_person_remains(self):
        res = super().test_nothing_of_the_person_remains()
        self.assertEqual(self.rejection.outcome, "rejected")
        self.assertEqual(self.offer.offer_state, "accepted")
        self.assertEqual(self.change.state, "applied")
        self.assertEqual(self.ref_change.state, "applied")
        entry = self.env["reclamation.decision.log"].search(
            [("kind", "=", "partner_change_applied")], order="id desc", limit=1
        )
        self.assertEqual(entry.after_values, {"ref": None})
        return res
