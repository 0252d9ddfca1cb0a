# Staff announcements: writing one, choosing its audience, preview, confirmation and
# withdrawal. Readers are the staff of the association, except the heading, which every
# receiving chat reads above the staff text.

conversation-command-announce = Staff: send an announcement to the subscribed chats
conversation-command-withdraw = Staff: withdraw an announcement that has not gone out yet
conversation-example-announce = /announce at 2026-12-06 09:00 The members' meeting starts at 19:30.
conversation-example-withdraw = /withdraw 12

announce-heading = Announcement from the association

announce-usage = Type the text after the command, such as: /announce The members' meeting starts at 19:30. To deliver it later, start with the date and time in Dutch time: /announce at 2026-12-06 09:00 The members' meeting starts at 19:30.
# $length: the number of characters typed; $maximum: the maximum
announce-too-long = The announcement has { $length } characters, more than the maximum of { $maximum }. Shorten it and send it again.
# $value: the date and time as typed
announce-schedule-invalid = "{ $value }" is not a date and time. Write it as YYYY-MM-DD HH:MM in Dutch time, such as: /announce at 2026-12-06 09:00 Text
announce-schedule-skipped = { $value } does not exist in Dutch time, because the clocks move forward then. Choose another time.
announce-schedule-past = { $value } (Dutch time) has passed. Choose a time in the future.
# $days: the maximum number of days ahead
announce-schedule-too-far = { $value } is more than { $days } days ahead. Choose an earlier time.
announce-schedule-no-text = Type the announcement after the date and time.
announce-schedule-passed = The time this announcement was scheduled for has passed. Send it again with a new time.

# $id: the announcement's number
announce-audience-title = Announcement { $id } is saved as a draft. Choose who receives it; a ✓ marks what is included.
# $when: a date and time, such as 6 December 2026 09:00 CET
announce-scheduled-for = It goes out on { $when }.
# $chats: the number of chats the chosen audience reaches
announce-audience-reach = { $chats ->
    [one] This audience reaches 1 chat.
   *[other] This audience reaches { $chats } chats.
}
announce-choice-everyone = Everyone
announce-choice-preview = Preview
announce-choice-change = Change audience
announce-choice-send = Send now
announce-choice-schedule = Schedule for { $when }
announce-platform-telegram = Telegram
announce-platform-discord = Discord
announce-platform-terminal = Terminal
announce-platform-webhook = Webhook

announce-preview-title = Preview of announcement { $id }, as each audience receives it:
# $language: a language's name; $chats: the number of chats; $platforms: chats per platform, such as Telegram 2, Discord 1
announce-preview-audience = { $chats ->
    [one] Chats in { $language }: 1 ({ $platforms }). They receive:
   *[other] Chats in { $language }: { $chats } ({ $platforms }). They receive:
}
announce-nobody = No subscribed chat matches this audience. Choose at least one tier, platform and language with subscribers.

announce-confirmed = { $chats ->
    [one] Announcement { $id } is on its way to 1 chat, from { $when }. Type /withdraw { $id } to stop what has not gone out yet.
   *[other] Announcement { $id } is on its way to { $chats } chats, from { $when }. Type /withdraw { $id } to stop what has not gone out yet.
}
announce-already-confirmed = Announcement { $id } is already confirmed. Type /withdraw { $id } to stop what has not gone out yet.
announce-already-withdrawn = Announcement { $id } was already withdrawn.
announce-not-found = There is no announcement { $id }.

announce-withdraw-usage = Type the number of the announcement, such as: /withdraw 12
# $id: what was typed
announce-id-invalid = "{ $id }" is not an announcement number. Type the number, such as: /withdraw 12
# $removed: messages taken back; $gone: messages already sent or being sent
announce-withdrawn = Announcement { $id } is withdrawn: { $removed } messages taken back, { $gone } had already gone out.
announce-draft-withdrawn = Announcement { $id } was a draft and never went out. It is withdrawn and can no longer be confirmed.
announce-delivered = Announcement { $id } has fully gone out ({ $gone } messages), so there is nothing left to withdraw.
