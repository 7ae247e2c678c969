# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ReclamationCase
from .test_sla import FRENCH_HOLIDAYS_2026, make_calendar, paris


@tagged("post_install", "-at_install")
class TestReaderRendering(ReclamationCase):
    """What the product stores is structured; what a reader sees is rendered
    in their language and time zone, whoever wrote it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        # The French of the addon, whatever languages the database was
        # created with (activating a language loads no translation).
        cls.env["ir.module.module"]._load_module_terms(
            ["reclamation_charter"], ["fr_FR"]
        )
        cls.calendar = make_calendar(
            cls.env,
            "Office hours",
            range(5),
            [(9, 12), (13, 17)],
            FRENCH_HOLIDAYS_2026,
        )
        cls.desk.resource_calendar_id = cls.calendar
        Policy = cls.env["reclamation.sla.policy"]
        cls.generic = Policy.create(
            {
                "name": "Generic",
                "sequence": 20,
                "ack_amount": 1,
                "ack_unit": "working_days",
                "resolution_amount": 30,
                "resolution_unit": "calendar_days",
            }
        )
        cls.simple = Policy.create(
            {
                "name": "Simple",
                "complexity": "simple",
                "ack_amount": 1,
                "ack_unit": "working_days",
                "resolution_amount": 10,
                "resolution_unit": "working_days",
            }
        )
        cls.dpo_paris = new_test_user(
            cls.env,
            login="rc-dpo-paris",
            groups="reclamation_charter.group_reclamation_dpo",
            lang="fr_FR",
            tz="Europe/Paris",
        )
        cls.dpo_new_york = new_test_user(
            cls.env,
            login="rc-dpo-new-york",
            groups="reclamation_charter.group_reclamation_dpo",
            lang="en_US",
            tz="America/New_York",
        )
        cls.handler.write({"lang": "fr_FR", "tz": "Europe/Paris"})

    def _as_reader(self, records, user):
        """``records`` as the web client reads them for ``user``: as that
        user, with their language and time zone in the context."""
        context = self.env["res.users"].with_user(user).context_get()
        return records.with_user(user).with_context(**context)

    def _complaint(self, **values):
        return self._create_complaint(
            received_date=paris(2026, 11, 2, 10, 0), complexity="simple", **values
        )

    def test_sla_explanation_in_the_reader_language(self):
        # Computed in French first, by a French handler...
        complaint = self._complaint()
        complaint = complaint.with_user(self.handler).with_context(lang="fr_FR")
        complaint.complexity = "standard"
        complaint.complexity = "simple"
        french = self._as_reader(complaint, self.dpo_paris).sla_explanation
        english = self._as_reader(complaint, self.dpo_new_york).sla_explanation
        self.assertEqual(
            french, "Simple · Office hours (Europe/Paris), jours fériés exclus"
        )
        self.assertEqual(
            english, "Simple · Office hours (Europe/Paris), public holidays excluded"
        )

    def test_odoo_standard_calendar_named_in_the_reader_language(self):
        # The calendar Odoo gives each company, named in English when the
        # database was created.
        standard = self.env.ref("resource.resource_calendar_std")
        standard.write({"name": "Standard 40 hours/week", "tz": "Europe/Paris"})
        self.desk.resource_calendar_id = standard
        complaint = self._complaint()
        self.env["ir.module.module"]._load_module_terms(["resource"], ["fr_FR"])
        french = self._as_reader(complaint, self.dpo_paris)
        english = self._as_reader(complaint, self.dpo_new_york)
        self.assertEqual(
            french.sla_explanation,
            "Simple · Standard 40 heures/semaine (Europe/Paris), jours fériés exclus",
        )
        self.assertEqual(
            english.sla_explanation,
            "Simple · Standard 40 hours/week (Europe/Paris), public holidays excluded",
        )
        self.assertEqual(
            french.sla_calendar_id.display_name, "Standard 40 heures/semaine"
        )
        # A calendar the association named keeps its name.
        self.assertEqual(
            self._as_reader(self.calendar, self.dpo_paris).display_name,
            "Office hours",
        )

    def test_sla_explanation_batched_for_lists(self):
        """One read of the explanation costs the same for 2 complaints as for
        8: no query per complaint."""

        def queries(tickets):
            tickets.invalidate_model()
            self.env["reclamation.sla.policy"].invalidate_model()
            self.env["resource.calendar"].invalidate_model()
            before = self.env.cr.sql_log_count
            tickets = self.env["helpdesk.ticket"].browse(tickets.ids)
            tickets.mapped("sla_explanation")
            return self.env.cr.sql_log_count - before

        tickets = self.env["helpdesk.ticket"]
        for __ in range(8):
            tickets |= self._complaint()
        tickets[:4].complexity = "complex"
        self.env.flush_all()
        self.assertEqual(queries(tickets[:2]), queries(tickets))
        self.assertTrue(all(tickets.mapped("sla_explanation")))

    def _log(self, complaint, kind):
        return self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", kind)]
        )

    def test_deadline_move_in_reader_language_and_time_zone(self):
        complaint = self._complaint()
        # 10 working days, 11 November off: Tuesday 17 November, 17:00 in Paris.
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 17, 17, 0))
        complaint.with_user(self.handler).with_context(
            lang="fr_FR"
        ).complexity = "standard"
        entry = self._log(complaint, "deadline")
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            entry.before_values["resolution_deadline"], "2026-11-17T16:00:00Z"
        )
        self.assertEqual(
            entry.after_values["resolution_deadline"],
            complaint.resolution_deadline.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        paris_view = self._as_reader(entry, self.dpo_paris).before_display
        new_york_view = self._as_reader(entry, self.dpo_new_york).before_display
        self.assertIn("Répondre avant le", paris_view)
        self.assertIn("17/11/2026 17:00:00", paris_view)
        self.assertIn("Answer by: 11/17/2026 11:00:00 AM", new_york_view)
        self.assertNotIn("Répondre", new_york_view)
        # In the order of the fields: acknowledgement, answer, update.
        self.assertLess(
            new_york_view.index("Acknowledge by"), new_york_view.index("Answer by")
        )

    def test_complexity_change_in_reader_language(self):
        complaint = self._complaint()
        complaint.with_user(self.handler).with_context(
            lang="fr_FR"
        ).complexity = "complex"
        entry = self._log(complaint, "complexity")
        self.assertEqual(entry.before_values, {"complexity": "simple"})
        self.assertEqual(entry.after_values, {"complexity": "complex"})
        french = self._as_reader(entry, self.dpo_paris).after_display
        self.assertIn("Complexité", french)
        self.assertIn("Complexe", french)
        self.assertEqual(
            self._as_reader(entry, self.dpo_new_york).after_display,
            "Complexity: Complex",
        )

    def test_holding_letter_in_reader_time_zone(self):
        self.simple.write(
            {"extension_limit_amount": 6, "extension_limit_unit": "calendar_months"}
        )
        with freeze_time(paris(2026, 11, 5, 10, 0)):
            complaint = self._complaint()
            complaint.with_user(self.handler)._extend_resolution_deadline(
                date(2027, 1, 15), "We are waiting for the expert report."
            )
        entry = self._log(complaint, "extension")
        self.assertEqual(
            entry.after_values, {"resolution_deadline": "2027-01-15T22:59:59Z"}
        )
        french = self._as_reader(entry, self.dpo_paris).after_display
        self.assertIn("Répondre avant le", french)
        self.assertIn("15/01/2027 23:59:59", french)
        self.assertEqual(
            self._as_reader(entry, self.dpo_new_york).after_display,
            "Answer by: 01/15/2027 05:59:59 PM",
        )

    def test_holding_letter_reason_is_not_folded_as_a_quote(self):
        """The reason of a holding letter is the letter's news: the chatter
        (backend and portal) shows it, not a "•••" folding a quote, in the
        customer's language."""
        self.simple.write(
            {"extension_limit_amount": 6, "extension_limit_unit": "calendar_months"}
        )
        for lang, greeting in (("en_US", "Hello"), ("fr_FR", "Bonjour")):
            self.customer.lang = lang
            reason = f"We are waiting for the expert report ({lang})."
            with freeze_time(paris(2026, 11, 5, 10, 0)):
                complaint = self._complaint()
                complaint.with_user(self.handler)._extend_resolution_deadline(
                    date(2027, 1, 15), reason
                )
            letter = complaint.message_ids.filtered(
                lambda m, reason=reason: reason in str(m.body)
            )
            self.assertEqual(len(letter), 1)
            body = str(letter.body)
            self.assertIn(greeting, body)
            self.assertNotIn("data-o-mail-quote", body)
            self.assertNotIn("<blockquote", body)

    def test_chatter_note_names_the_calendar_time_zone(self):
        complaint = self._complaint()
        complaint.with_user(self.handler).with_context(
            lang="fr_FR"
        ).complexity = "standard"
        note = complaint.message_ids[0]
        # Written once, in the language of who moved the deadlines, dates in
        # the calendar's time zone, which it names.
        self.assertIn("17/11/2026 17:00 (Europe/Paris)", str(note.body))
        self.assertNotIn("2026-11-17 16:00:00", str(note.body))

    def test_request_extension_in_reader_language(self):
        request = (
            self.env["reclamation.data.request"]
            .with_user(self.dpo)
            .create(
                {
                    "request_type": "access",
                    "partner_id": self.customer.id,
                    "received_date": date(2026, 3, 10),
                }
            )
        )
        self._complaint()
        request._extend(date(2026, 6, 10), "Many complaints to gather")
        entry = self.env["reclamation.decision.log"].search(
            [("kind", "=", "request_extension")]
        )
        self.assertTrue(entry)
        self.assertEqual(entry[0].after_values["deadline"], "2026-06-10")
        self.assertIn(
            "10/06/2026", self._as_reader(entry[0], self.dpo_paris).after_display
        )
        self.assertIn(
            "06/10/2026", self._as_reader(entry[0], self.dpo_new_york).after_display
        )

    def test_records_and_empty_values(self):
        complaint = self._complaint()
        entry = self.env["reclamation.decision.log"]._log(
            "outcome",
            complaint,
            before_values={"team_id": self.desk, "closed_date": False},
            after_values={"team_id": self.other_desk, "closed_date": False},
        )
        self.assertEqual(
            entry.before_values, {"team_id": self.desk.id, "closed_date": None}
        )
        self.assertEqual(
            self._as_reader(entry, self.dpo_new_york).after_display,
            "Closed Date: —; Team: Other complaint desk",
        )
