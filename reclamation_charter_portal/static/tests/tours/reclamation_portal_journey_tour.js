/* Copyright 2026 Association Réclamations Éthiques
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// The customer's journey on the portal: file a complaint with a document and
// a consent, find it in the list with its deadline, write a message, withdraw
// the consent, download their data, withdraw the complaint. The test that
// starts it (tests/test_portal_tours.py) checks the database afterwards.
const SUBJECT = "Parcel never delivered on the journey tour";
const MESSAGE = "My tracking number is 4711 on the journey tour";

function openComplaintFromList() {
    return [
        {
            content: "Go to my complaints",
            trigger: "body",
            run: "goToUrl /my/complaints",
            expectUnloadPage: true,
        },
        {
            content: "Open my complaint",
            trigger: `.o_reclamation_complaint_row a:contains('${SUBJECT}')`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint's page is shown",
            trigger: `.o_reclamation_complaint_page h1:contains('${SUBJECT}')`,
        },
    ];
}

registry.category("web_tour.tours").add("reclamation_portal_journey", {
    url: "/my/complaints/new",
    steps: () => [
        {
            content: "Write the subject",
            trigger: "#complaint_subject",
            run: `edit ${SUBJECT}`,
        },
        {
            content: "Tell what happened",
            trigger: "#complaint_description",
            run: "edit I paid for a parcel three weeks ago and it never came.",
        },
        {
            content: "Say what I expect",
            trigger: "#complaint_remedy_sought",
            run: "edit A refund.",
        },
        {
            content: "Attach a document",
            trigger: "#complaint_attachments",
            run() {
                const input = document.querySelector("#complaint_attachments");
                const file = new File(
                    ["Receipt of the parcel, order 4711.\n"],
                    "receipt.txt",
                    {
                        type: "text/plain",
                    }
                );
                const dataTransfer = new DataTransfer();
                dataTransfer.items.add(file);
                input.files = dataTransfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The document is chosen",
            trigger: "#complaint_attachments",
            run() {
                const input = document.querySelector("#complaint_attachments");
                if (input.files.length !== 1 || input.files[0].name !== "receipt.txt") {
                    throw new Error("The document was not put in the file input.");
                }
            },
        },
        {
            content: "Give my consent to the satisfaction follow-up",
            trigger:
                ".o_reclamation_complaint_new input[type=checkbox][name^='consent_']",
            run: "click",
        },
        {
            content: "The consent is ticked",
            trigger:
                ".o_reclamation_complaint_new input[type=checkbox][name^='consent_']:checked",
        },
        {
            content: "Send my complaint",
            trigger: ".o_reclamation_complaint_new button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation shows the complaint's reference",
            trigger: ".o_reclamation_complaint_done .o_reclamation_complaint_reference",
            run() {
                const reference = document
                    .querySelector(".o_reclamation_complaint_reference")
                    .textContent.trim();
                if (!reference || reference === "New") {
                    throw new Error(`No reference on the confirmation: "${reference}"`);
                }
            },
        },
        {
            content: "The confirmation shows the answer-by date",
            trigger:
                ".o_reclamation_complaint_done .o_reclamation_answer_by:not(:empty)",
        },
        {
            content: "Go to my complaints",
            trigger: "body",
            run: "goToUrl /my/complaints",
            expectUnloadPage: true,
        },
        {
            content: "My complaint is listed with its answer-by date",
            trigger: `.o_reclamation_complaint_row:contains('${SUBJECT}')`,
            run() {
                const row = [
                    ...document.querySelectorAll(".o_reclamation_complaint_row"),
                ].find((tr) => tr.textContent.includes(SUBJECT));
                const answerBy = row.querySelectorAll("td")[3].textContent.trim();
                if (!/\d/.test(answerBy)) {
                    throw new Error(`No answer-by date in the list: "${answerBy}"`);
                }
            },
        },
        {
            content: "Open my complaint",
            trigger: `.o_reclamation_complaint_row a:contains('${SUBJECT}')`,
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint's page shows my document",
            trigger: "#complaint_attachments_title ~ ul a:contains('receipt.txt')",
        },
        {
            content: "Write a message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: `edit ${MESSAGE}`,
        },
        {
            content: "Send the message",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the conversation",
            trigger: `#chatterRoot:shadow .o-mail-Message-body:contains('${MESSAGE}')`,
        },
        {
            content: "Go to my privacy page",
            trigger: "body",
            run: "goToUrl /my/privacy",
            expectUnloadPage: true,
        },
        {
            content: "Withdraw my consent",
            trigger:
                "#privacy_consents form[action*='/my/privacy/consent/'] button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The consent is withdrawn",
            trigger:
                ".o_reclamation_portal_privacy .alert-success:contains('Your consent is withdrawn')",
        },
        {
            content: "No consent left to withdraw",
            trigger:
                "#privacy_consents:not(:has(form[action*='/my/privacy/consent/']))",
        },
        {
            content: "Download my data: the form answers a ZIP file",
            trigger: "#privacy_export form[action='/my/privacy/export']",
            async run() {
                const form = document.querySelector("#privacy_export form");
                const response = await fetch(form.action, {
                    method: "POST",
                    body: new FormData(form),
                });
                const type = response.headers.get("Content-Type") || "";
                const bytes = new Uint8Array(await response.arrayBuffer());
                if (
                    response.status !== 200 ||
                    !type.includes("zip") ||
                    bytes[0] !== 0x50 ||
                    bytes[1] !== 0x4b
                ) {
                    throw new Error(
                        `The data download is not a ZIP file: ${response.status} ${type}`
                    );
                }
            },
        },
        ...openComplaintFromList(),
        {
            content: "Give a reason for the withdrawal",
            trigger: "#withdraw_reason",
            run: "edit The parcel arrived in the end.",
        },
        {
            content: "Confirm that the withdrawal is final",
            trigger: "#withdraw_confirm",
            run: "check",
        },
        {
            content: "Withdraw my complaint",
            trigger: ".o_reclamation_withdraw_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is withdrawn",
            trigger: "#complaint_status:contains('You withdrew this complaint')",
        },
        {
            content: "It can no longer be withdrawn",
            trigger:
                ".o_reclamation_complaint_page:not(:has(.o_reclamation_withdraw_form))",
        },
    ],
});
