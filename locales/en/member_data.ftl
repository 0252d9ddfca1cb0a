# What Ketenwacht stores about a member (mydata), deleting it (forget), and the audit log in
# chat (audit, staff only). Readers are members, and staff for the audit log.

conversation-command-audit = Staff: show the newest entries of the audit log
conversation-example-audit = /audit 20

member-data-private-only = Send this command in your private chat with the bot, so that nobody else reads your data.
# $member: the member's platform and user id, such as telegram:123456789
member-data-who = Stored about you ({ $member }):
# $summary: the subscription's settings
member-data-subscription = Subscription of this chat: { $summary }
member-data-no-subscription = Subscription of this chat: none.
# $language: a language's name, such as Dutch
member-data-language = Chosen language of this chat: { $language }
# $organisation: the organisation's name; $when: the date of the verification
member-data-verified = Verification: for { $organisation }, on { $when }.
member-data-not-verified = Verification: none.
# $count: the number of saved checklists; $suppliers: the suppliers' names
member-data-checklists = { $count ->
    [one] Supplier checklists: 1 ({ $suppliers }).
   *[other] Supplier checklists: { $count } ({ $suppliers }).
}
# $count: the number of audit entries listed below
member-data-submissions = { $count ->
    [0] Your submissions: none.
    [one] Your submissions: 1 ({ $numbers }).
   *[other] Your submissions: { $count } ({ $numbers }).
}
member-data-audit = { $count ->
    [0] Audit log entries about you: none.
    [one] Audit log entries about you: 1, listed below.
   *[other] Audit log entries about you: { $count }, listed below (at most 50, newest first).
}
member-data-forget-hint = Type /forget to have this deleted.

member-data-forget-confirm = Do you want Ketenwacht to forget you? This deletes the subscription and settings of this chat, your supplier checklists, your verification and the messages still waiting for this chat, and removes your name from the audit log. Subscriptions of groups and channels stay, because they belong to the group.
member-data-choice-forget = Yes, forget me
# $runs: the number of checklists deleted; $entries: the number of audit entries made anonymous
member-data-forgotten = Done: Ketenwacht has forgotten you. It deleted this chat's subscription and settings, { $runs } supplier checklists and your verification, and removed your name from { $entries } audit log entries and { $submissions } submissions.
member-data-shared-stay = Subscriptions of groups and channels you are in stay, because they belong to the group; their administrators can end them with /unsubscribe.

audit-usage = Type /audit, or /audit followed by the number of entries, such as: /audit 20
# $value: what was typed; $maximum: the maximum number of entries
audit-count-invalid = "{ $value }" is not a number of entries. Type a number from 1 to { $maximum }, such as: /audit 20
audit-empty = The audit log is empty.
# $count: the number of entries shown
audit-title = { $count ->
    [one] The newest entry of the audit log (Dutch time):
   *[other] The newest { $count } entries of the audit log, newest first (Dutch time):
}
audit-forgotten-member = forgotten member
audit-action-verify = verified member
audit-action-unverify = removed verification
audit-action-chat-tlp = set chat TLP ceiling
audit-action-subscribe = subscribed
audit-action-unsubscribe = unsubscribed
audit-action-set-tier = changed tier
audit-action-set-language = changed language
audit-action-set-cadence = changed rhythm
audit-action-announce-create = drafted announcement
audit-action-announce-confirm = confirmed announcement
audit-action-announce-withdraw = withdrew announcement
audit-action-forget = forgot member on request
audit-action-submission-approve = approved a member submission
audit-action-submission-reject = rejected a member submission
audit-action-submission-tier = changed a submission's readers
audit-action-submission-tlp = changed a submission's TLP label
