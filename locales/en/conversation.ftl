# Conversation texts: what Ketenwacht answers when members type commands or press buttons.
# Readers are webshop owners; keep it plain.

## Commands: one description each for command menus (at most 100 characters, Discord's
## limit) and one example each for help

conversation-command-start = Welcome and what Ketenwacht does
conversation-command-help = Every command with an example
conversation-command-subscribe = Subscribe this chat to security advisories
conversation-command-unsubscribe = Unsubscribe this chat
conversation-command-settings = View and change your settings
conversation-command-latest = The newest security advisories for your level
conversation-command-advisory = View one security advisory
conversation-command-digest = Preview your next digest
conversation-command-checklist = Security checklist for your suppliers: view, fill in, export
conversation-command-ask = Ask a question about the security checklist
conversation-command-mydata = See what Ketenwacht stores about you
conversation-command-forget = Delete what Ketenwacht stores about you
conversation-command-submit = Report a threat you saw, such as a phishing link, to the staff

conversation-example-start = /start
conversation-example-help = /help
conversation-example-subscribe = /subscribe basic en daily 07:30 include=magento,woocommerce
conversation-example-unsubscribe = /unsubscribe
conversation-example-settings = /settings
conversation-example-latest = /latest
conversation-example-advisory = /advisory NCSC-2025-0259
conversation-example-digest = /digest
conversation-example-checklist = /checklist start supplier=Pakketdienst BV
conversation-example-ask = /ask what is DMARC?
conversation-example-mydata = /mydata
conversation-example-forget = /forget
conversation-example-submit = /submit Fake payment page at https://pay-update.example.com/ sent from 192.0.2.10

# $command: the command as typed, such as /latest; $description: its description
conversation-command-line = { $command }: { $description }

## Start

conversation-start-welcome = Welcome to Ketenwacht.
conversation-start-about = Ketenwacht follows the security advisories of the Dutch National Cyber Security Centre (NCSC), the Digital Trust Center and others. We pick the advisories that matter to webshops and send them to this chat in plain language.
conversation-start-tiers = You choose how much technical detail you want:
conversation-start-next = Subscribe this chat to receive advisories, or look at all commands first.

conversation-tier-basic-about = Basic: in plain words what is going on and what you should do. Useful when a web developer or hosting provider runs your webshop.
conversation-tier-advanced-about = Advanced: with the NCSC reference, its estimate of probability and damage, and which updates to install.
conversation-tier-expert-about = Expert: every technical detail, such as the affected products, CVE numbers and CVSS scores.

## Help

conversation-help-intro = These are Ketenwacht's commands. You can type them in English or in Dutch.
# $alias: the Dutch name, such as /aanmelden; $name: the English name, such as /subscribe
conversation-help-names = { $name } or { $alias }
# $names: the command's names; $description: what it does; $example: an example to type
conversation-help-entry =
    { $names }: { $description }
    Example: { $example }

## Unknown commands, and arguments or buttons that cannot be used

# $command: the unknown name as typed
conversation-unknown = I don't know the command /{ $command }. These are the commands I know:
# $command: the command; $max: the maximum number of words
conversation-error-too-many-arguments = At most { $max } words may follow { $command }. Type /help for examples.
# $command: the command; $value: the start of the long word; $max: the maximum length
conversation-error-argument-too-long = The word "{ $value }" after { $command } is too long: it may have at most { $max } characters. Type /help for examples.
conversation-callback-invalid = This button doesn't work. Type the command again, or look at your settings.
conversation-callback-outdated = This button is out of date. Type the command again, or look at your settings.

## Buttons

conversation-choice-subscribe = Subscribe
conversation-choice-help = Help
conversation-choice-settings = Settings
conversation-choice-confirm = Confirm
conversation-choice-cancel = Cancel
conversation-choice-tier-basic = Basic
conversation-choice-tier-advanced = Advanced
conversation-choice-tier-expert = Expert
# Each language's button shows its name in that language.
conversation-choice-language-nl = Nederlands
conversation-choice-language-en = English
conversation-choice-change-language = Change language
conversation-choice-change-tier = Change level
conversation-choice-change-cadence = Change frequency
conversation-choice-unsubscribe = Unsubscribe
conversation-choice-unsubscribe-confirm = Yes, unsubscribe

conversation-cancelled = Cancelled. Nothing was changed.

## Describing a subscription

# $language: nl or en
conversation-language-name = { $language ->
    [nl] Dutch
   *[en] English
}

# $day: mon to sun
conversation-weekday = { $day ->
    [mon] Monday
    [tue] Tuesday
    [wed] Wednesday
    [thu] Thursday
    [fri] Friday
    [sat] Saturday
   *[sun] Sunday
}

# $cadence: instant, daily or weekly; $time: HH:MM; $weekday: a weekday (conversation-weekday)
conversation-cadence = { $cadence ->
    [instant] urgent advisories only, right away
    [daily] daily at { $time }
   *[weekly] weekly on { $weekday } at { $time }
}

# $tier: tier name; $language: language name; $cadence: conversation-cadence
conversation-subscription-summary = Level { $tier }, in { $language }, { $cadence }.

## Subscribing

conversation-subscribe-choose-tier = Step 1 of 3: which level suits you?
conversation-subscribe-choose-language = Step 2 of 3: in which language do you want to receive advisories?
conversation-subscribe-choose-cadence = Step 3 of 3: how often do you want to receive advisories? Urgent advisories are always sent right away.
# $summary: conversation-subscription-summary
conversation-subscribe-confirm = Is this right? { $summary }
# $summary: conversation-subscription-summary; $settings: the settings command
conversation-subscribed = This chat is subscribed. { $summary } You can change this at any time with { $settings }.
conversation-subscription-updated = This chat's subscription was updated. { $summary } You can change this at any time with { $settings }.

conversation-not-admin = Only administrators of this chat can change its subscription. Would you like to receive advisories yourself? Send me a private message with /subscribe.

## Errors in the words after /subscribe: each says what was wrong and what to type instead

conversation-error-tier-missing = Start with a level: basic, advanced or expert. For example: /subscribe basic en daily
# $value: the word as typed
conversation-error-tier-unknown = "{ $value }" is not a level. Choose basic, advanced or expert, for example: /subscribe basic
# $value: the word as typed
conversation-error-word-unknown = I don't understand "{ $value }". After the level you can give a language (nl or en), a frequency (instant, daily or weekly), a day for weekly (monday to sunday), a time and filters. For example: /subscribe basic en weekly friday 07:30
# $setting: language, cadence, weekday, time or lower; $value: the second value as typed
conversation-error-duplicate = { $setting ->
    [language] You gave two languages
    [cadence] You gave two frequencies
    [weekday] You gave two days
    [time] You gave two times
   *[lower] You gave "lower" twice
} (the second is "{ $value }"). Give each setting once.
# $value: the time as typed
conversation-error-time = "{ $value }" is not a valid time. Type a time as HH:MM, for example 07:30.
conversation-error-weekday-needs-weekly = A day only applies to weekly advisories. Type for example: /subscribe basic en weekly friday
# $value: the time as typed
conversation-error-time-with-instant = With "instant" we only send urgent advisories, as soon as they appear, so the time { $value } is not needed. Leave out the time, or choose daily or weekly.
# $value: the option name as typed
conversation-error-option-unknown = I don't know the option "{ $value }=". Use include= for topics you want to see and exclude= for topics you don't, for example include=magento,woocommerce
# $option: include or exclude
conversation-error-filter-empty = A search term must follow { $option }=, and one must stand between any two commas. For example: { $option }=magento,woocommerce
# $count: filters given; $max: the maximum
conversation-error-filter-count = You gave { $count } filters, but at most { $max } are allowed. Leave some out.
# $filter: the start of the filter; $max: the maximum length
conversation-error-filter-long = The filter "{ $filter }" is too long: it may have at most { $max } characters. Choose a shorter search term.
# $filter: the filter as typed
conversation-error-filter-invalid = The filter "{ $filter }" is not a valid regular expression. Use plain words, such as magento, or put a \ before characters such as ( [ * + and ?.
# $filter: the filter as typed
conversation-error-filter-blank = A filter is empty. Give a word or pattern, such as magento.

conversation-error-filter-complex = The filter "{ $filter }" is too complex to use. Choose a simpler search term, such as magento.

## Settings

conversation-settings-title = Settings of this chat
# $tier: tier name
conversation-settings-tier = Level: { $tier }
# $language: language name
conversation-settings-language = Language: { $language }
# $cadence: conversation-cadence
conversation-settings-cadence = Frequency: { $cadence }
conversation-settings-no-filters = Filters: none, you receive every advisory of your level
# $filters: the filters, separated by commas
conversation-settings-include = Only advisories about: { $filters }
# $filters: the filters, separated by commas
conversation-settings-exclude = No advisories about: { $filters }
# $lower: yes or no
conversation-settings-lower = { $lower ->
    [yes] Advisories of lower levels too: yes
   *[no] Advisories of lower levels too: no
}
conversation-settings-inactive = Note: we no longer send advisories, because they stopped reaching this chat. Subscribe this chat again to receive advisories.
# $language: language name
conversation-settings-none = This chat has no subscription yet. The language of this chat is { $language }.
conversation-settings-saved = Saved.
conversation-settings-choose-tier = Choose the new level:
conversation-settings-choose-language = Choose the language of this chat:
conversation-settings-choose-cadence = How often do you want to receive advisories? Urgent advisories are always sent right away.
# $language: language name, in the new language
conversation-language-changed = The language of this chat is now { $language }.
# $subscribe: the subscribe command
conversation-subscribe-first = This chat has no subscription yet. Subscribe first with { $subscribe }.

## Unsubscribing

conversation-unsubscribe-confirm = Are you sure you want to unsubscribe this chat? You will no longer receive security advisories.
# $subscribe: the subscribe command
conversation-unsubscribed = This chat is unsubscribed. You will no longer receive messages from Ketenwacht. Want advisories again later? Send { $subscribe }.
conversation-not-subscribed = This chat has no subscription, so there is nothing to unsubscribe.

## Reading advisories

# $tier: tier name
conversation-latest-title = The newest security advisories for level { $tier }:
# $tier: tier name
conversation-latest-none = There are no security advisories for level { $tier } yet.
# $subscribe: the subscribe command
conversation-latest-default-tier = This chat has no subscription yet, so you see the advisories for level basic. Choose your own level with { $subscribe }.

# $example: the command with an example id
conversation-advisory-missing-id = Which advisory do you want to see? Type its reference after the command, for example: { $example }
# $id: the id as typed
conversation-advisory-invalid-id = "{ $id }" is not a valid reference. A reference looks like NCSC-2025-0259.
# $id: the advisory id; $latest: the latest command
conversation-advisory-not-found = I don't know an advisory with reference { $id }. Check the reference, or see the newest advisories with { $latest }.
# $id: the advisory id; $label: its TLP label; $ceiling: the highest label the chat receives
conversation-advisory-restricted = Advisory { $id } is marked TLP:{ $label }, so it may not be shared here: this chat receives advisories up to TLP:{ $ceiling }.

conversation-digest-preview = Preview: this is what your next digest contains so far.
conversation-digest-preview-instant = You receive urgent advisories only, as soon as they appear. These are the urgent advisories since the last digest.

## Internal errors

conversation-internal-error = Something went wrong on our side. Please try again in a few minutes. If it keeps happening, let the Ketenwacht administrators know.

conversation-upload-unsupported = The bot cannot do anything with this file. To read a filled-in checklist back, send it as a CSV file with the command /checklist import.
