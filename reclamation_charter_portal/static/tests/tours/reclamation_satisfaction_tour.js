/* Copyright 2026 Association Réclamations Éthiques
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

const SCORES = [
    ["Did we listen to you with respect", "5"],
    ["Was the information we gave you clear", "4"],
    ["Did we keep to the deadlines we gave you", "2"],
    ["Was the outcome of your complaint fair", "4"],
    ["Overall, how satisfied are you", "3"],
];

registry.category("web_tour.tours").add("reclamation_satisfaction_survey", {
    // Started at the link of the invitation the customer received.
    steps: () => [
        {
            content: "The survey of the complaint desk opens",
            trigger: "h1:contains('How was your complaint handled?')",
        },
        {
            content: "Start the survey",
            trigger: "button.btn:contains('Start')",
            run: "click",
        },
        ...SCORES.flatMap(([question, score]) => [
            {
                content: `Score ${score}: ${question}`,
                trigger: `div.js_question-wrapper:contains('${question}') label:contains('${score}')`,
                run: "click",
            },
            {
                content: `The score ${score} is chosen: ${question}`,
                trigger: `div.js_question-wrapper:contains('${question}') label:contains('${score}'):has(input:checked)`,
            },
        ]),
        {
            content: "Leave a comment",
            trigger:
                "div.js_question-wrapper:contains('Is there anything you would like to tell us') textarea",
            run: "edit The deadline was missed by a week",
        },
        {
            content: "The comment is written",
            trigger:
                "div.js_question-wrapper:contains('Is there anything you would like to tell us') textarea:value('The deadline was missed by a week')",
        },
        {
            content: "Submit the survey",
            trigger: "button[value='finish']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The survey thanks the customer",
            trigger: ".o_survey_finished:contains('Thank you for your answers')",
        },
        {
            content: "Go to my complaints",
            trigger: "body",
            run() {
                window.location.href = "/my/complaints";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the closed complaint",
            trigger: "a:contains('Rude answer at the counter')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint page says the survey was answered",
            trigger:
                "#complaint_satisfaction .o_reclamation_satisfaction_answered:contains('You answered our satisfaction survey on')",
        },
        {
            content: "and no longer offers it",
            trigger:
                "#complaint_satisfaction:not(:has(.o_reclamation_satisfaction_start))",
        },
    ],
});
