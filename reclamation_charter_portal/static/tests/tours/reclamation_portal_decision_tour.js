/* Copyright 2026 Association Réclamations Éthiques
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// The customer reads the decision on their complaint's page, downloads the
// letter and asks for an appeal. The test that starts it
// (tests/test_portal_decision_tours.py) opens the complaint's page and checks
// the database afterwards.
const APPEAL_REASON = "The decision ignores the receipt I sent on the decision tour";

registry.category("web_tour.tours").add("reclamation_portal_decision", {
    steps: () => [
        {
            content: "The decision is shown with its outcome in plain words",
            trigger:
                "#complaint_decisions .o_reclamation_decision .o_reclamation_decision_outcome:contains('Partly upheld')",
        },
        {
            content: "The decision gives its reasons and who decided",
            trigger:
                "#complaint_decisions .o_reclamation_decision_rationale:not(:empty)",
            run() {
                const author = document
                    .querySelector(".o_reclamation_decision_author")
                    .textContent.trim();
                if (!author) {
                    throw new Error("The decision does not say who decided.");
                }
            },
        },
        {
            content: "Download the letter: the link answers a PDF file",
            trigger: "a.o_reclamation_decision_letter",
            async run() {
                const link = document.querySelector("a.o_reclamation_decision_letter");
                const response = await fetch(link.href);
                const type = response.headers.get("Content-Type") || "";
                if (response.status !== 200 || !type.startsWith("application/pdf")) {
                    throw new Error(
                        `The letter is not a PDF file: ${response.status} ${type}`
                    );
                }
            },
        },
        {
            content: "Say why I disagree",
            trigger: "#appeal_reason",
            run: `edit ${APPEAL_REASON}`,
        },
        {
            content: "Ask for an appeal",
            trigger: ".o_reclamation_appeal_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The appeal is recorded",
            trigger:
                ".o_reclamation_complaint_page .alert-success:contains('Your appeal is recorded')",
        },
        {
            content: "The page says the appeal is under way, with no form left",
            trigger:
                "#complaint_appeal_requested:not(:has(form)):contains('You asked for an appeal')",
        },
        {
            content: "No appeal form any more",
            trigger:
                ".o_reclamation_complaint_page:not(:has(.o_reclamation_appeal_form))",
        },
    ],
});
