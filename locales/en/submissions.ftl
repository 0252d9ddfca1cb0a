# Member submissions and their moderation. Readers are members who report what they saw, and
# the staff who approve or reject the reports.

conversation-command-moderate = Staff: show the oldest pending submission, or the one with this number
conversation-example-moderate = /moderate 12
conversation-command-reject = Staff: reject a submission with a reason that is sent to the member
conversation-example-reject = /reject 12 This is already in today's digest.

submission-off = Submissions are switched off: the bot has no encryption key for them. Ask the Ketenwacht staff.
submission-private-only = Please report this in a private chat with the bot, so that other members do not read it first.
submission-usage = Type what you saw after the command, such as: /submit Fake payment page at https://pay-update.example.com/
# $count: the number of characters typed; $maximum: the maximum number of characters
submission-too-long = Your report has { $count } characters, more than the maximum of { $maximum }. Shorten it and send it again.
# $maximum: the maximum number of reports per day
submission-limit = You have started { $maximum } reports in the last 24 hours, sent or not, which is the maximum. Please try again tomorrow.

submission-understood = This is what the bot understood. Links and indicators are shown defanged, and the bot never opens them.
submission-none = none
# $link: the defanged link, or "none"; $indicators: the defanged indicators, one per line, or "none"
submission-details =
    Link: { $link }
    Indicators:
    { $indicators }
submission-choose-tlp = Who may see this report? Choose a TLP label.
submission-tlp-clear = TLP:CLEAR: anyone
submission-tlp-green = TLP:GREEN: the member community
submission-tlp-amber = TLP:AMBER: verified members only
submission-tlp-amber-strict = TLP:AMBER+STRICT: only the staff
submission-tlp-red = TLP:RED: named people only
submission-red-refused = The bot cannot keep TLP:RED: that label limits information to people named by the person who shared it, and a shared bot cannot guarantee that. Choose another label, or share it with the staff in person.
submission-choose-tier = Which readers does it suit best?
submission-choose-attribution = Other members see who reported it, or "a member". The staff always see who you are.
submission-choice-named = Show my organisation
submission-choice-anonymous = Stay anonymous
# How the report is attributed to other members, in summaries and on the card
submission-shown-named = the organisation staff verified, otherwise "a member"
submission-shown-anonymous = "a member" (anonymous)
# $tlp: the chosen TLP label; $tier: the chosen tier; $attribution: named or anonymous
submission-confirm =
    Send this report to the staff?
    Label: { $tlp }
    Readers: { $tier }
    Shown as: { $attribution }
submission-choice-send = Send
submission-choice-cancel = Cancel
submission-cancelled = Your report was deleted.
# $id: the number of the submission
submission-sent = Thank you. Report { $id } is with the staff now. You will hear from the bot if they reject it.
submission-already-sent = Report { $id } was already sent to the staff.
submission-not-found = Report { $id } is not one of your unsent reports. Unsent reports are deleted after 24 hours.

# $user: the member's user id; $platform: the platform; $organisation: the verified organisation
submission-card-submitter-verified = { $user } on { $platform }, verified for { $organisation }
submission-card-submitter = { $user } on { $platform }, not verified
submission-card-submitter-removed = removed after the retention period
submission-status-draft = not sent yet
submission-status-pending = waiting for a decision
submission-status-approved = approved
submission-status-rejected = rejected
# $id: the number; $status: its status; $submitter: who sent it; $attribution: named or anonymous; $tlp: TLP label; $tier: readers
submission-card =
    Submission { $id } ({ $status })
    From: { $submitter }
    Shown to members as: { $attribution }
    Label: { $tlp }
    Readers: { $tier }
submission-choice-approve = Approve
# $id: the number; $tlp: TLP label; $tier: readers
submission-notice =
    Submission { $id } is waiting for a decision.
    Label: { $tlp }
    Readers: { $tier }
    Press the button or type /moderate { $id } to read it.
submission-choice-show = Show
submission-choice-reject = Reject
submission-choice-tier = Change readers
submission-choice-tlp = Change label
submission-choose-tier-staff = Choose the readers this submission suits.
submission-choose-tlp-staff = Choose the TLP label. With AMBER+STRICT the submission stays with the staff.

submission-moderate-usage = Type /moderate, or /moderate followed by a submission number, such as: /moderate 12
submission-none-pending = No submission is waiting for a decision.
submission-not-found-staff = Submission { $id } was not found.
submission-reject-usage = Type the number and the reason, such as: /reject 12 This is already in today's digest.
submission-reject-how = To reject submission { $id }, type /reject { $id } followed by the reason. The member receives the reason.
# $id: the number of the submission
submission-unreadable = Submission { $id } cannot be read, because the key Ketenwacht encrypts reports with has changed. Please let the Ketenwacht administrators know.
# $maximum: the maximum number of characters
submission-reason-too-long = The reason is too long: use at most { $maximum } characters.
submission-rejected = Submission { $id } is rejected. The member receives the reason if the bot can still reach them. The decision is recorded in the audit log.
# $id: the number; $reason: the reason the staff gave
submission-rejected-notice =
    The staff did not publish your report { $id }. Their reason:
    { $reason }
# $status: the status of the submission
submission-already-decided = Submission { $id } was already decided: { $status }. Nothing changed.
submission-strict-stays = Submission { $id } is TLP:AMBER+STRICT, so it stays with the staff and is not published. Change its label first if it may be shared.
# $advisory: the id of the new advisory; $tlp: its TLP label
submission-approved = Submission { $id } is approved and published as advisory { $advisory } (TLP:{ $tlp }). It appears in the next digests of chats that may receive it. The decision is recorded in the audit log.
submission-changed = Submission { $id } is changed. The change is recorded in the audit log.

submission-fallback-title = Report from a member
submission-indicators-heading = Indicators
# $organisation: the verified organisation of the member
submission-reported-by = Reported by { $organisation }
submission-reported-by-member = Reported by a member
