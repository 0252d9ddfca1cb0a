# Texts of the Discord adapter: slash command options, digest messages and upload errors.
# Command names and descriptions come from conversation.ftl.

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

discord-choice-cadence-instant = Instantly
discord-choice-cadence-daily = Daily
discord-choice-cadence-weekly = Weekly

## Errors

discord-error = Something went wrong while answering. Please try again in a minute.
# $name: file name as sent; $max: maximum size in kilobytes
discord-upload-too-large = The file { $name } is too large: it may be at most { $max } kB.
discord-upload-failed = The file could not be downloaded from Discord. Please send it again.
