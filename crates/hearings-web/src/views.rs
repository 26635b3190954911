//! The pages' view models and their askama templates (compiled in).

use askama::Template;
use hearings_i18n::Lang;
use hearings_store::Account;

use crate::ctx::Ctx;
use crate::error::encode;

/// What the layout of every page needs.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Language.
    pub lang: Lang,
    /// The page's title.
    pub title: String,
    /// The signed-in account.
    pub account: Option<Account>,
    /// The CSRF token for forms.
    pub csrf: String,
    /// This page's path (the language switch returns to it).
    pub path: String,
}

impl Layout {
    /// The layout of a page.
    pub fn new(c: &Ctx, title: impl Into<String>) -> Self {
        Self {
            lang: c.lang,
            title: title.into(),
            account: c.account.clone(),
            csrf: c.csrf.clone(),
            path: c.path.clone(),
        }
    }

    /// A layout without a user (error pages).
    pub fn bare(lang: Lang, title: &str) -> Self {
        Self {
            lang,
            title: title.to_string(),
            account: None,
            csrf: String::new(),
            path: "/".into(),
        }
    }

    /// A message in the page's language.
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// `da` or `en`.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// The other language's code.
    pub fn other_code(&self) -> &'static str {
        self.lang.other().code()
    }

    /// The link that switches language and comes back here.
    pub fn switch_href(&self) -> String {
        format!(
            "/lang/{}?next={}",
            self.lang.other().code(),
            encode(&self.path)
        )
    }

    /// Whether the user prepares hearings.
    pub fn is_staff(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| a.role.manages_hearings())
    }

    /// Whether the user reads the audit log (administrators).
    pub fn is_admin(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| a.role.reads_audit_log())
    }

    /// Whether the user keeps the reference data (administrators).
    pub fn manages_reference_data(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| a.role.manages_reference_data())
    }

    /// Whether the user reads summaries.
    pub fn reads_summaries(&self) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| a.role.reads_summaries())
    }

    /// The label of an enumeration value, e.g. `label("stance", "supports")`.
    pub fn label(&self, prefix: &str, value: &str) -> &'static str {
        self.lang.t(&format!("{prefix}.{value}"))
    }
}

/// Typed values and errors of a form being re-shown.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    /// The values as typed.
    pub values: Vec<(String, String)>,
    /// (field name, message, label) per error, in the form's order.
    pub errors: Vec<(String, String, String)>,
}

impl FormState {
    /// The first value of a field, or "".
    pub fn v(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }

    /// Whether a field had this value (radios, checkboxes, selects).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.values.iter().any(|(k, v)| k == name && v == value)
    }

    /// The error message of a field.
    pub fn err(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, m, _)| m.as_str())
    }

    /// Whether a field is in error ("true"/"false" for `aria-invalid`).
    pub fn invalid(&self, name: &str) -> &'static str {
        if self.err(name).is_some() {
            "true"
        } else {
            "false"
        }
    }
}

/// An option of a select, radio group or checkbox group.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Its value.
    pub value: String,
    /// Its label.
    pub label: String,
    /// Whether it is chosen.
    pub chosen: bool,
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    /// Layout.
    pub l: Layout,
    /// What went wrong.
    pub message: String,
}

/// A hearing in a list.
#[derive(Debug, Clone)]
pub struct HearingCard {
    /// Link.
    pub href: String,
    /// Title.
    pub title: String,
    /// Kind label.
    pub kind: String,
    /// State name.
    pub state: String,
    /// State label.
    pub state_label: String,
    /// "Deadline …" or "Opens …".
    pub when: String,
}

/// The home page: hearings by state.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    /// Layout.
    pub l: Layout,
    /// Open.
    pub open: Vec<HearingCard>,
    /// Scheduled.
    pub upcoming: Vec<HearingCard>,
    /// Closed and later.
    pub closed: Vec<HearingCard>,
    /// Drafts (staff only).
    pub drafts: Vec<HearingCard>,
    /// The area filter's options (the first is "all areas").
    pub filter_areas: Vec<Choice>,
    /// The topic filter's options (the first is "all topics").
    pub filter_topics: Vec<Choice>,
    /// Whether the list is filtered.
    pub filtered: bool,
}

/// A section of the proposal.
#[derive(Debug, Clone)]
pub struct SectionRow {
    /// Anchor.
    pub anchor: String,
    /// "§ n".
    pub number: i32,
    /// Heading.
    pub heading: String,
    /// The text as safe HTML (rendered from Markdown, sanitised).
    pub html: String,
}

/// A question as shown on the hearing page.
#[derive(Debug, Clone)]
pub struct QuestionInfo {
    /// The question.
    pub prompt: String,
    /// Kind label.
    pub kind: String,
    /// Required?
    pub required: bool,
    /// Options.
    pub options: Vec<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Help text.
    pub help: String,
}

/// A hearing's document, as listed on its page.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The file.
    pub file: FileLink,
}

/// A hearing's page.
#[derive(Template)]
#[template(path = "hearing.html")]
pub struct HearingPage {
    /// Layout.
    pub l: Layout,
    /// Id.
    pub id: String,
    /// Kind label.
    pub kind: String,
    /// State name and label.
    pub state: String,
    /// State label.
    pub state_label: String,
    /// The summary as safe HTML (rendered from Markdown, sanitised).
    pub summary_html: String,
    /// Local area names.
    pub areas: Vec<String>,
    /// Topic names.
    pub topics: Vec<String>,
    /// The responsible committee's name.
    pub committee: Option<String>,
    /// The council meeting: (date formatted, machine-readable date, agenda title).
    pub council_meeting: Option<(String, String, String)>,
    /// The contact: (name, e-mail address, telephone).
    pub contact: Option<(String, String, Option<String>)>,
    /// Opens, formatted.
    pub opens: String,
    /// Deadline, formatted.
    pub closes: Option<String>,
    /// Machine-readable deadline.
    pub closes_iso: Option<String>,
    /// A notice about the state (closed, scheduled…).
    pub notice: Option<String>,
    /// Sections.
    pub sections: Vec<SectionRow>,
    /// Questions.
    pub questions: Vec<QuestionInfo>,
    /// Show the respond link.
    pub can_respond: bool,
    /// Show "sign in to respond".
    pub invite_sign_in: bool,
    /// Show the publish button.
    pub can_publish: bool,
    /// Show the withdraw form (staff, before the hearing is decided).
    pub can_withdraw: bool,
    /// The hearing memo's page, when there is one to read.
    pub memo_href: Option<String>,
    /// Show the "take into review" button (staff, closed hearing).
    pub can_review: bool,
    /// Show the decision form (staff, closed or in review).
    pub can_decide: bool,
    /// What was typed into the decision form, with its errors.
    pub decision: FormState,
    /// "We asked, you said, we did", once decided.
    pub outcome: Option<crate::outcome::OutcomeSection>,
    /// When it was withdrawn, formatted.
    pub withdrawn_on: Option<String>,
    /// The public reason it was withdrawn.
    pub withdrawal_reason: Option<String>,
    /// Warnings about the period, for staff, in the user's language.
    pub warnings: Vec<String>,
    /// What was typed into the withdraw form, and its error.
    pub withdraw: FormState,
    /// Questions and answers on the hearing, as this viewer may see them.
    pub inquiries: Vec<InquiryRow>,
    /// Show the form to ask a question.
    pub can_ask: bool,
    /// Show "sign in to ask".
    pub invite_sign_in_to_ask: bool,
    /// A question was just asked.
    pub asked: bool,
    /// What was typed into the question and answer forms, and their errors.
    pub qa: FormState,
    /// Published responses, once the deadline has passed.
    pub published: Option<Vec<PublishedRow>>,
    /// Whether the responses will be published after the deadline (scheduled or open).
    pub published_later: bool,
    /// The hearing list (høringsliste), when the viewer may see it.
    pub hearing_list: Option<HearingListView>,
    /// Whether the viewer may edit or correct it.
    pub can_edit: bool,
    /// Corrections after publication: (when, what changed, note).
    pub corrections: Vec<(String, String, String)>,
    /// The documents (PDF).
    pub documents: Vec<DocumentRow>,
    /// Whether a change of the documents needs a correction note (published).
    pub documents_need_note: bool,
    /// What was typed into the documents forms, and their errors.
    pub documents_form: FormState,
}

/// A question on a hearing, as shown on its page.
#[derive(Debug, Clone)]
pub struct InquiryRow {
    /// Id.
    pub id: String,
    /// Who asked: an organisation's name, or a role.
    pub asked_by: String,
    /// When, formatted.
    pub asked_at: String,
    /// The question.
    pub question: String,
    /// The answer.
    pub answer: Option<String>,
    /// When answered, formatted.
    pub answered_at: Option<String>,
    /// `pending`, `answered` or `hidden`.
    pub state: &'static str,
    /// Why hidden (staff only).
    pub hidden_reason: Option<String>,
    /// The hearing (for the staff's list across hearings).
    pub hearing_href: String,
    /// The hearing's title (for the staff's list).
    pub hearing_title: String,
}

/// The staff's list of unanswered questions across hearings.
#[derive(Template)]
#[template(path = "inquiries.html")]
pub struct UnansweredPage {
    /// Layout.
    pub l: Layout,
    /// The questions.
    pub inquiries: Vec<InquiryRow>,
}

/// The sign-in page.
#[derive(Template)]
#[template(path = "signin.html")]
pub struct SignInPage {
    /// Layout.
    pub l: Layout,
    /// Values and errors.
    pub f: FormState,
    /// Failed sign-in.
    pub failed: bool,
    /// Where to go after.
    pub next: String,
}

/// The registration page.
#[derive(Template)]
#[template(path = "register.html")]
pub struct RegisterPage {
    /// Layout.
    pub l: Layout,
    /// Values and errors.
    pub f: FormState,
    /// Industry sections grouped by classification: (label, options).
    pub industries: Vec<(String, Vec<Choice>)>,
    /// Size classes.
    pub sizes: Vec<Choice>,
    /// Areas.
    pub areas: Vec<Choice>,
    /// Respondent types.
    pub types: Vec<Choice>,
}

/// A section row of the new-hearing form.
#[derive(Debug, Clone)]
pub struct SectionInput {
    /// Row number (from 0).
    pub i: usize,
    /// Heading value.
    pub heading: String,
    /// Body value.
    pub body: String,
    /// Heading error.
    pub heading_err: Option<String>,
    /// Body error.
    pub body_err: Option<String>,
}

/// A question row of the new-hearing form.
#[derive(Debug, Clone)]
pub struct QuestionInput {
    /// Row number (from 0).
    pub i: usize,
    /// Kinds, with the chosen one.
    pub kinds: Vec<Choice>,
    /// Prompt.
    pub prompt: String,
    /// Required.
    pub required: bool,
    /// Options, one per line.
    pub options: String,
    /// Unit.
    pub unit: String,
    /// Help text.
    pub help: String,
    /// Errors: kind/options, prompt, unit.
    pub kind_err: Option<String>,
    /// Prompt error.
    pub prompt_err: Option<String>,
    /// Help text error.
    pub help_err: Option<String>,
    /// Whether it is the last row (no "move down").
    pub last: bool,
    /// The button to focus after a move (`up`, `down`), if this row moved.
    pub focus: Option<String>,
}

/// The new-hearing form.
#[derive(Template)]
#[template(path = "new_hearing.html")]
pub struct NewHearingPage {
    /// Layout.
    pub l: Layout,
    /// Values and errors.
    pub f: FormState,
    /// Kinds.
    pub kinds: Vec<Choice>,
    /// Areas (checkboxes).
    pub areas: Vec<Choice>,
    /// Committees (the first is "none chosen").
    pub committees: Vec<Choice>,
    /// Topics (checkboxes).
    pub topics: Vec<Choice>,
    /// Section rows.
    pub sections: Vec<SectionInput>,
    /// Question rows.
    pub questions: Vec<QuestionInput>,
    /// Editing an existing hearing rather than creating one.
    pub edit: Option<EditMode>,
}

/// The new-hearing form in edit mode.
#[derive(Debug, Clone)]
pub struct EditMode {
    /// Where the form posts (`/staff/hearings/{id}/edit`).
    pub action: String,
    /// Whether the hearing is published (a note is then required).
    pub published: bool,
}

/// A question of the response form.
#[derive(Debug, Clone)]
pub struct AnswerInput {
    /// Field name (`answer_<id>`).
    pub name: String,
    /// The question.
    pub prompt: String,
    /// Kind name.
    pub kind: String,
    /// Required?
    pub required: bool,
    /// Choices (choice, scale and yes/no kinds).
    pub choices: Vec<Choice>,
    /// Typed value (text and number kinds).
    pub value: String,
    /// Unit.
    pub unit: String,
    /// Help text.
    pub help: String,
    /// The file already uploaded (file kind).
    pub file: Option<FileLink>,
    /// Error.
    pub error: Option<String>,
}

/// A stored file as a download link.
#[derive(Debug, Clone)]
pub struct FileLink {
    /// Its id.
    pub id: String,
    /// Where to download it.
    pub href: String,
    /// The file name.
    pub filename: String,
    /// Its size, as people read it.
    pub size: String,
}

/// How a preview of the response form leads back.
#[derive(Debug, Clone)]
pub enum PreviewBack {
    /// To a page (a saved hearing).
    Link(String),
    /// To the form being edited, with everything typed in hidden fields.
    Form {
        /// Where the form posts.
        action: String,
        /// Every field as typed.
        fields: Vec<(String, String)>,
    },
}

/// The response form.
#[derive(Template)]
#[template(path = "respond.html")]
pub struct RespondPage {
    /// Layout.
    pub l: Layout,
    /// Hearing id.
    pub id: String,
    /// Hearing title.
    pub hearing_title: String,
    /// The organisation answering.
    pub organisation: String,
    /// Deadline.
    pub closes: Option<String>,
    /// Refusal (closed, not open yet).
    pub refusal: Option<String>,
    /// Values and errors.
    pub f: FormState,
    /// Stances.
    pub stances: Vec<Choice>,
    /// Publication choices.
    pub publications: Vec<Choice>,
    /// Questions.
    pub answers: Vec<AnswerInput>,
    /// Whether the form sends files (`multipart/form-data`).
    pub multipart: bool,
    /// Staff's preview of the form: shown exactly, but it sends nothing.
    pub preview: Option<PreviewBack>,
    /// The proposal's sections, each with the comment typed on it.
    pub sections: Vec<SectionComment>,
    /// The files attached so far.
    pub attachments: Vec<FileLink>,
    /// How many more files may be attached.
    pub attachments_room: usize,
    /// The rows of confidential passages.
    pub passages: Vec<PassageInput>,
    /// Where the draft stands ("saved at … by …").
    pub draft_status: Option<String>,
    /// The draft was saved just now.
    pub saved_notice: bool,
    /// Where the page's script saves the draft while typing.
    pub autosave_url: String,
}

/// A section of the proposal on the response form, with its comment.
#[derive(Debug, Clone)]
pub struct SectionComment {
    /// The field name (`comment_<section id>`).
    pub name: String,
    /// "§ n".
    pub number: i32,
    /// Heading.
    pub heading: String,
    /// The section's text as safe HTML.
    pub html: String,
    /// The comment typed.
    pub value: String,
    /// Its error.
    pub error: Option<String>,
}

/// A row of the confidential passages on the response form.
#[derive(Debug, Clone)]
pub struct PassageInput {
    /// Row number, from 0.
    pub i: usize,
    /// Where the passage is: the text answers and the sections.
    pub locations: Vec<Choice>,
    /// The passage.
    pub text: String,
    /// The reason.
    pub reason: String,
    /// Errors of the location, the text and the reason.
    pub location_err: Option<String>,
    /// Error of the text.
    pub text_err: Option<String>,
    /// Error of the reason.
    pub reason_err: Option<String>,
    /// Staff's decision, shown to the respondent once made.
    pub decision: Option<String>,
}

/// A field on which two versions of a draft differ.
#[derive(Debug, Clone)]
pub struct ConflictRow {
    /// The field's key (`stance`, `answer_<id>`, `comment_<id>`, `attachments`, `confidential`).
    pub key: String,
    /// What it is.
    pub label: String,
    /// The author's own text.
    pub mine: String,
    /// The text saved meanwhile.
    pub theirs: String,
}

/// Two versions of a draft side by side, to choose from.
#[derive(Template)]
#[template(path = "draft_conflict.html")]
pub struct DraftConflictPage {
    /// Layout.
    pub l: Layout,
    /// Hearing id.
    pub id: String,
    /// Hearing title.
    pub hearing_title: String,
    /// Who saved the other version, and when.
    pub theirs_by: String,
    /// When, formatted.
    pub theirs_at: String,
    /// The version saved meanwhile (the new save starts from it).
    pub theirs_version: i32,
    /// The fields that differ.
    pub rows: Vec<ConflictRow>,
    /// Everything the author sent, to keep.
    pub hidden: Vec<(String, String)>,
}

/// The receipt.
#[derive(Template)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    /// Layout.
    pub l: Layout,
    /// The response's id.
    pub id: String,
    /// Hearing link.
    pub hearing_href: String,
    /// Hearing title.
    pub hearing_title: String,
    /// Reference.
    pub reference: String,
    /// Version.
    pub version: i32,
    /// Time, formatted precisely.
    pub time: String,
    /// Machine-readable time.
    pub time_iso: String,
    /// Digest.
    pub digest: String,
    /// Every version, oldest first.
    pub versions: Vec<VersionRow>,
}

/// A version of a response, on its receipt.
#[derive(Debug, Clone)]
pub struct VersionRow {
    /// Version number.
    pub version: i32,
    /// When it was stored, formatted precisely.
    pub time: String,
    /// Machine-readable time.
    pub time_iso: String,
    /// Digest.
    pub digest: String,
    /// Who submitted it.
    pub submitted_by: String,
}

/// A response of the organisation, in "My organisation's responses".
#[derive(Debug, Clone)]
pub struct MyResponseRow {
    /// Hearing link.
    pub hearing_href: String,
    /// Hearing title.
    pub hearing_title: String,
    /// The hearing's state, in words.
    pub state: &'static str,
    /// The deadline, if any.
    pub deadline: Option<String>,
    /// Reference.
    pub reference: String,
    /// Latest version.
    pub version: i32,
    /// When the latest version was stored.
    pub submitted_at: String,
    /// Machine-readable time.
    pub submitted_at_iso: String,
    /// Who submitted the latest version.
    pub submitted_by: String,
    /// Link to the receipt (with the versions).
    pub receipt_href: String,
    /// Link to the whole response.
    pub response_href: String,
    /// Link to what became of it, once the hearing is decided.
    pub outcome_href: Option<String>,
}

/// A draft of the organisation with changes not yet submitted.
#[derive(Debug, Clone)]
pub struct MyDraftRow {
    /// Link to the form with the draft.
    pub form_href: String,
    /// Hearing title.
    pub hearing_title: String,
    /// The hearing's state, in words.
    pub state: &'static str,
    /// The deadline, if any.
    pub deadline: Option<String>,
    /// When saved last.
    pub saved_at: String,
    /// By whom.
    pub saved_by: String,
    /// Whether a version was submitted before.
    pub submitted_before: bool,
}

/// "My organisation's responses".
#[derive(Template)]
#[template(path = "my_responses.html")]
pub struct MyResponsesPage {
    /// Layout.
    pub l: Layout,
    /// The responses, newest first.
    pub rows: Vec<MyResponseRow>,
    /// The drafts with changes not yet submitted.
    pub drafts: Vec<MyDraftRow>,
}

/// A published response on a hearing's page.
#[derive(Debug, Clone)]
pub struct PublishedRow {
    /// The organisation's name, or its type and industry section.
    pub who: String,
    /// Stance, in words.
    pub stance: &'static str,
    /// (question, answer) for the text and choice questions, then the
    /// comments on sections.
    pub answers: Vec<(String, String)>,
    /// How many passages are withheld as confidential.
    pub withheld: usize,
}

/// The accessibility statement.
#[derive(Template)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage {
    /// Layout.
    pub l: Layout,
}

/// A row of the audit log.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// When, formatted.
    pub at: String,
    /// Machine-readable time.
    pub at_iso: String,
    /// Who (their e-mail address).
    pub actor: String,
    /// What, in the user's language.
    pub action: String,
    /// The stable name of the action.
    pub action_code: String,
    /// The kind of object, in the user's language.
    pub object_type: String,
    /// Its id.
    pub object_id: String,
    /// A link to the object, where it has a page.
    pub object_href: Option<String>,
    /// The changed fields: (field, before, after).
    pub changes: Vec<(String, String, String)>,
}

/// The audit log, for administrators.
#[derive(Template)]
#[template(path = "audit.html")]
pub struct AuditLogPage {
    /// Layout.
    pub l: Layout,
    /// The rows, newest first.
    pub rows: Vec<AuditRow>,
    /// The link to the next (older) page.
    pub next_href: Option<String>,
    /// Whether this is a later page (then a link to the first).
    pub later_page: bool,
}

/// An organisation of the register, as staff see it.
#[derive(Debug, Clone)]
pub struct OrganisationRow {
    /// Name.
    pub name: String,
    /// CVR number ("" when none).
    pub cvr: String,
    /// Classification, code and section.
    pub industry: String,
    /// Size class label.
    pub size: String,
    /// Number of employees, when known.
    pub employees: Option<String>,
    /// Local area name.
    pub area: String,
    /// `registered` or `imported`.
    pub source: &'static str,
    /// Its label.
    pub source_label: String,
    /// E-mail address.
    pub email: Option<String>,
}

/// The staff's page of the organisation register.
#[derive(Template)]
#[template(path = "organisations.html")]
pub struct OrganisationsPage {
    /// Layout.
    pub l: Layout,
    /// The search text.
    pub q: String,
    /// How many match.
    pub total: u64,
    /// This page.
    pub page: u64,
    /// Pages in all.
    pub pages: u64,
    /// The organisations on this page.
    pub rows: Vec<OrganisationRow>,
    /// The page before.
    pub previous_href: Option<String>,
    /// The page after.
    pub next_href: Option<String>,
}

/// A hearing on the staff dashboard.
#[derive(Debug, Clone)]
pub struct DashboardRow {
    /// Link.
    pub href: String,
    /// Title.
    pub title: String,
    /// Kind label.
    pub kind: String,
    /// Deadline, formatted, or "no deadline".
    pub deadline: String,
    /// Machine-readable deadline.
    pub deadline_iso: Option<String>,
    /// Responses so far (open hearings).
    pub responses: i64,
    /// The hearing list's response rate, e.g. "2 af 3 (66 %)"; none when
    /// nobody was invited.
    pub rate: Option<String>,
}

/// The hearings in one state on the dashboard.
#[derive(Debug, Clone)]
pub struct DashboardGroup {
    /// State name.
    pub state: String,
    /// State label.
    pub label: String,
    /// The hearings.
    pub rows: Vec<DashboardRow>,
}

/// The secretariat's dashboard.
#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    /// Layout.
    pub l: Layout,
    /// Every state with its hearings.
    pub groups: Vec<DashboardGroup>,
    /// Open hearings with a deadline in the next 14 days.
    pub deadlines_soon: Vec<DashboardRow>,
    /// Unanswered questions across hearings.
    pub unanswered: u64,
    /// Open hearings with their response counts.
    pub open: Vec<DashboardRow>,
}

/// A party on a hearing list.
#[derive(Debug, Clone)]
pub struct PartyRow {
    /// The organisation's name, or "Another party".
    pub name: String,
    /// The address (staff).
    pub email: String,
    /// When invited, formatted (staff).
    pub invited: String,
    /// When reminded, formatted (staff).
    pub reminded: Option<String>,
    /// Whether it has responded (staff).
    pub responded: bool,
}

/// The hearing list section of a hearing's page.
#[derive(Debug, Clone)]
pub struct HearingListView {
    /// The parties.
    pub parties: Vec<PartyRow>,
    /// Whether the viewer is staff (addresses and tracking shown).
    pub tracked: bool,
    /// Days before the deadline the reminder goes.
    pub reminder: Option<u32>,
    /// The link to the invitation page (staff, on the hearing's page).
    pub manage_href: Option<String>,
}

/// An organisation that may be ticked on the invitation page.
#[derive(Debug, Clone)]
pub struct OrgChoice {
    /// Its id.
    pub id: String,
    /// Name.
    pub name: String,
    /// CVR number, industry section, size and area, for telling apart.
    pub details: String,
    /// Ticked.
    pub chosen: bool,
}

/// What an invitation would do.
#[derive(Debug, Clone)]
pub struct InvitePreview {
    /// New parties.
    pub invited: u64,
    /// Invited already.
    pub already: u64,
    /// Without an address.
    pub without_email: u64,
}

/// The staff's page for inviting parties to a hearing and setting its reminder.
#[derive(Template)]
#[template(path = "invite.html")]
pub struct InvitePage {
    /// Layout.
    pub l: Layout,
    /// The hearing's id.
    pub id: String,
    /// The search text.
    pub q: String,
    /// Whether a search was made.
    pub searched: bool,
    /// Organisations to tick (the ticked ones, then the search results).
    pub orgs: Vec<OrgChoice>,
    /// Industry sections of DB25.
    pub sections_db25: Vec<Choice>,
    /// Industry sections of DB07.
    pub sections_db07: Vec<Choice>,
    /// Whether a section is chosen (the list is then shown open).
    pub sections_open: bool,
    /// Size classes.
    pub sizes: Vec<Choice>,
    /// Areas.
    pub areas: Vec<Choice>,
    /// The addresses as typed.
    pub emails: String,
    /// The count, after "Show the count".
    pub preview: Option<InvitePreview>,
    /// How many were just sent.
    pub sent: Option<u64>,
    /// The reminder was just saved.
    pub reminder_saved: bool,
    /// Errors of the invitation form.
    pub f: FormState,
    /// The reminder form's value and error.
    pub r: FormState,
    /// The list so far.
    pub list: HearingListView,
}

/// A kind of reference data on the administrators' overview.
#[derive(Debug, Clone)]
pub struct ReferenceKindSummary {
    /// The kind's stable name (`topics`).
    pub kind: String,
    /// Its page.
    pub href: String,
    /// Its title.
    pub title: String,
    /// What it is used for.
    pub intro: String,
    /// How many entries.
    pub total: usize,
    /// How many of them are retired.
    pub retired: usize,
}

/// `/admin/reference`: the four kinds of reference data.
#[derive(Template)]
#[template(path = "reference.html")]
pub struct ReferenceOverviewPage {
    /// Layout.
    pub l: Layout,
    /// The kinds, in their order.
    pub kinds: Vec<ReferenceKindSummary>,
}

/// An entry of the reference data in its kind's table.
#[derive(Debug, Clone)]
pub struct ReferenceRow {
    /// Its key (code, id or `DB25:G`).
    pub key: String,
    /// The id of its row (`entry-DB25-G`).
    pub anchor: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// The name in the page's language.
    pub name: String,
    /// Hearings that use it (when the kind counts them).
    pub hearings: Option<u64>,
    /// Organisations that use it (when the kind counts them).
    pub organisations: Option<u64>,
    /// Responses that use it (when the kind counts them).
    pub responses: Option<u64>,
    /// When it was retired, in words; none while offered.
    pub retired_on: Option<String>,
    /// The path of the entry (`/admin/reference/topics/handel`); its
    /// actions are below it (`/edit`, `/retire`, `/restore`, `/delete`).
    pub href: String,
    /// Whether nothing uses it, so it may be deleted.
    pub deletable: bool,
}

/// `/admin/reference/{kind}`: the entries of one kind and the form that adds one.
#[derive(Template)]
#[template(path = "reference_kind.html")]
pub struct ReferenceKindPage {
    /// Layout.
    pub l: Layout,
    /// The kind's stable name.
    pub kind: String,
    /// What it is used for.
    pub intro: String,
    /// The entries.
    pub rows: Vec<ReferenceRow>,
    /// Whether the table has a column of hearings.
    pub counts_hearings: bool,
    /// Whether the table has a column of organisations.
    pub counts_organisations: bool,
    /// Whether the table has a column of responses.
    pub counts_responses: bool,
    /// Whether a new entry is given a code (not a committee).
    pub has_code: bool,
    /// Whether a new entry names a classification (a section).
    pub is_section: bool,
    /// The classifications to choose from (sections only).
    pub classifications: Vec<Choice>,
    /// The add form.
    pub f: FormState,
    /// What was just done.
    pub notice: Option<String>,
}

/// `/admin/reference/{kind}/{key}/edit`: rename an entry.
#[derive(Template)]
#[template(path = "reference_edit.html")]
pub struct ReferenceEditPage {
    /// Layout.
    pub l: Layout,
    /// The kind's page.
    pub back_href: String,
    /// The kind's title.
    pub kind_title: String,
    /// The entry.
    pub row: ReferenceRow,
    /// The form.
    pub f: FormState,
}

/// A response in full.
#[derive(Template)]
#[template(path = "response.html")]
pub struct ResponsePage {
    /// Layout.
    pub l: Layout,
    /// Response id.
    pub id: String,
    /// Hearing link.
    pub hearing_href: String,
    /// Hearing title.
    pub hearing_title: String,
    /// The organisation.
    pub organisation: String,
    /// The facts: (label, value).
    pub facts: Vec<(String, String)>,
    /// Answers: (question, text, file).
    pub answers: Vec<(String, String, Option<FileLink>)>,
    /// Comments: ("§ n heading", section HTML, comment).
    pub comments: Vec<(String, String, String)>,
    /// Attachments.
    pub attachments: Vec<FileLink>,
    /// Confidential passages.
    pub passages: Vec<PassageRow>,
    /// Whether the viewer decides on passages (staff).
    pub decides: bool,
    /// What was typed into a decision form, and its errors.
    pub decision_form: FormState,
    /// Versions, oldest first.
    pub versions: Vec<VersionRow>,
    /// Link to the receipt (members and staff).
    pub receipt_href: Option<String>,
    /// Staff's analysis (for those who read responses).
    pub work: Option<WorkView>,
}

/// Staff's work on a response, on its page.
#[derive(Debug, Clone)]
pub struct WorkView {
    /// Whether the viewer may change it (staff).
    pub can_edit: bool,
    /// What the forms hold (field names prefixed `analysis-`, `analysis-<section>-`, `tag-`), and their errors.
    pub f: FormState,
    /// The assessments to choose from (value, label).
    pub assessments: Vec<(String, String)>,
    /// The comments on sections to assess: (section id, "§ n heading").
    pub comments: Vec<(String, String)>,
    /// The tags: (tag id, theme, where, passage).
    pub tags: Vec<(String, String, String, String)>,
    /// The hearing's themes (id, name).
    pub themes: Vec<(String, String)>,
    /// Where a tag may point (value, label).
    pub locations: Vec<(String, String)>,
    /// Link to the workspace.
    pub workspace_href: String,
    /// Link to the next response without an assessment (staff), if any.
    pub next_href: Option<String>,
}

/// A confidential passage on a response's page.
#[derive(Debug, Clone)]
pub struct PassageRow {
    /// Its id.
    pub id: String,
    /// Where it is.
    pub location: String,
    /// The text.
    pub text: String,
    /// The respondent's reason.
    pub reason: String,
    /// The decision, in words.
    pub decision: String,
    /// The decision's name (`pending`, `granted`, `refused`).
    pub decision_name: String,
    /// Staff's reason.
    pub decision_reason: Option<String>,
}
