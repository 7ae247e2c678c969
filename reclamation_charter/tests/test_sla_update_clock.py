# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ReclamationCase
from .test_sla import make_calendar, paris


@tagged("post_install", "-at_install")
class TestSlaUpdateClock(ReclamationCase):
    """The update clock restarts on a message of the association the customer
    can read, not on one of the people the complaint is for."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk.resource_calendar_id = make_calendar(
            cls.env, "Office hours", range(5), [(9, 12), (13, 17)]
        )
        cls.env["reclamation.sla.policy"].create(
            {
                "name": "Simple",
                "resolution_amount": 10,
                "resolution_unit": "working_days",
                "update_amount": 5,
                "update_unit": "calendar_days",
            }
        )
        cls.represented = cls.env["res.partner"].create(
            {"name": "Émile Durand", "email": "emile.durand@example.com"}
        )
        cls.complaint = cls._create_complaint(
            received_date=paris(2026, 11, 2, 10, 0),
            user_id=cls.handler.id,
            complainant_capacity="representative",
            represented_partner_id=cls.represented.id,
        )

    def _post(self, author, when):
        with freeze_time(when):
            self.complaint.message_post(
                body="<p>Any news?</p>",
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def test_messages_of_the_customer_and_represented_person_do_not_count(self):
        deadline = self.complaint.update_deadline
        self.assertEqual(deadline, paris(2026, 11, 9, 23, 59, 59))
        self._post(self.customer, paris(2026, 11, 4, 10, 0))
        self._post(self.represented, paris(2026, 11, 4, 11, 0))
        self.assertFalse(self.complaint.sla_last_update_date)
        self.assertEqual(self.complaint.update_deadline, deadline)
        self._post(self.handler.partner_id, paris(2026, 11, 5, 10, 0))
        self.assertEqual(self.complaint.sla_last_update_date, paris(2026, 11, 5, 10, 0))
