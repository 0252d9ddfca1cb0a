# Texts of the Discord adapter: slash command options, digest messages and upload errors.
# Command names and descriptions come from conversation.ftl; those of the /checklist
# subcommands are here.

## Digests

# $part: number of this message part; $parts: number of parts
discord-digest-part = Part { $part } of { $parts }
discord-urgent-mention = Urgent security advisory for this server.

## Slash command options: a name (lower case, no spaces, at most 32 characters) and a
## description (at most 100 characters) each

discord-option-tier-name = tier
discord-option-tier = How much technical detail you want
discord-option-language-name = language
discord-option-language = The language of the messages
discord-option-cadence-name = cadence
discord-option-cadence = How often digests arrive
discord-option-weekday-name = weekday
discord-option-weekday = Day of the weekly digest
discord-option-time-name = time
discord-option-time = Time of the digest, such as 07:30
discord-option-include-name = include
discord-option-include = Only advisories about these products, such as magento,woocommerce
discord-option-exclude-name = exclude
discord-option-exclude = Leave out advisories about these products
discord-option-lower-name = lower
discord-option-lower = Also include advisories of less technical levels
discord-option-id-name = id
discord-option-id = Advisory id, such as NCSC-2025-0259
discord-option-file-name = file
discord-option-file = The file to send
discord-option-import-file = The filled-in questionnaire as a CSV file
discord-option-section-name = section
discord-option-section = A section of the checklist; without one, all sections
discord-option-supplier-name = supplier
discord-option-supplier = The supplier's name, such as Pakketdienst BV
discord-option-export-language = The language of the questionnaire; without one, the chat's language
discord-option-format-name = format
discord-option-format = CSV to fill in (default) or Markdown to read
discord-option-question-name = question
discord-option-question = Your question, such as: how long must a password be?

discord-choice-format-csv = CSV (to fill in)
discord-choice-format-markdown = Markdown (to read)

## Subcommands of /checklist: a name (as for options) and a description each

discord-command-checklist-view-name = view
discord-command-checklist-view = The sections and their questions
discord-command-checklist-start-name = start
discord-command-checklist-start = Answer the questions one by one, per supplier
discord-command-checklist-resume-name = resume
discord-command-checklist-resume = Continue a saved checklist
discord-command-checklist-reset-name = reset
discord-command-checklist-reset = Delete the saved answers for a supplier
discord-command-checklist-export-name = export
discord-command-checklist-export = The questionnaire as a file to send to a supplier
discord-command-checklist-import-name = import
discord-command-checklist-import = Read a filled-in questionnaire for a summary with advice

discord-choice-cadence-instant = Instantly
discord-choice-cadence-daily = Daily
discord-choice-cadence-weekly = Weekly

## Errors

discord-error = Something went wrong while answering. Please try again in a minute.
# $name: file name as sent; $max: maximum size in kilobytes
discord-upload-too-large = The file { $name } is too large: it may be at most { $max } kB.
discord-upload-failed = The file could not be downloaded from Discord. Please send it again.

## Staff commands
discord-option-member-name = member
discord-option-member = The member
discord-option-organisation-name = organisation
discord-option-organisation = The member's organisation, such as Pakketdienst BV
discord-command-channel-tlp-name = tlp
discord-command-channel-tlp = Show or set the highest TLP label this channel receives
discord-option-level-name = level
discord-option-level = The highest TLP label; without one, shows the current one
discord-option-confirm_verified-name = confirm_verified
discord-option-confirm_verified = Confirm that every member of this channel is verified (needed for AMBER)
discord-option-message-name = message
discord-option-message = The announcement's text, at most 1800 characters
discord-option-schedule-name = schedule
discord-option-schedule = Send later: date and time in Dutch time, such as 2026-12-06 09:00
discord-option-announcement-name = announcement
discord-option-announcement = The number of the announcement
discord-option-entries-name = entries
discord-option-entries = Number of entries, from 1 to 50 (default 10)

## Submissions
discord-option-text-name = text
discord-option-text = What you saw, in your own words
discord-option-link-name = link
discord-option-link = A link you saw, such as a phishing page; the bot never opens it
discord-option-indicators-name = indicators
discord-option-indicators = IP addresses, domains, hashes or e-mail addresses, separated by spaces
discord-option-number-name = number
discord-option-number = The number of the submission
discord-option-reason-name = reason
discord-option-reason = Why it is rejected; the member receives this text
