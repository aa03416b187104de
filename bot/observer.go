package bot

import "time"

// Platform names, the closed set of a Request's Platform and of what the
// adapters report to a DeliveryObserver.
const (
	PlatformTelegram = "telegram"
	PlatformDiscord  = "discord"
	PlatformConsole  = "console"
)

// CommandObserver is told of every request the core answered, for metrics.
// command is what CommandLabel returns; lang is "ar", "en" or "unknown": never user text.
// It must be safe for concurrent use and fast: it runs on every request.
type CommandObserver interface {
	Command(platform, command, lang string, took time.Duration)
}

// DeliveryOutcome is what became of one message an adapter tried to send.
type DeliveryOutcome string

// Delivery outcomes.
const (
	// DeliverySent: the platform accepted the message.
	DeliverySent DeliveryOutcome = "sent"
	// DeliveryFailed: the message was given up (refused, the chat gone,
	// or too many transient failures).
	DeliveryFailed DeliveryOutcome = "failed"
	// DeliveryRetried: a transient failure (5xx, network) that the adapter
	// or its library tries again.
	DeliveryRetried DeliveryOutcome = "retried"
)

// DeliveryObserver is told how sends to a platform go, for metrics. Its
// methods must be safe for concurrent use.
type DeliveryObserver interface {
	// Delivered counts one message's outcome (a retry is counted each time).
	Delivered(platform string, outcome DeliveryOutcome)
	// RateLimited counts one refusal by the platform for sending too fast
	// (an HTTP 429).
	RateLimited(platform string)
	// Waited adds time a send spent held back by a rate limit: the
	// adapter's own pacing or a 429's retry_after.
	Waited(platform string, d time.Duration)
}

// NopObserver observes nothing; adapters and the core use it when none is
// configured.
type NopObserver struct{}

var (
	_ CommandObserver  = NopObserver{}
	_ DeliveryObserver = NopObserver{}
)

// Command does nothing.
func (NopObserver) Command(string, string, string, time.Duration) {}

// Delivered does nothing.
func (NopObserver) Delivered(string, DeliveryOutcome) {}

// RateLimited does nothing.
func (NopObserver) RateLimited(string) {}

// Waited does nothing.
func (NopObserver) Waited(string, time.Duration) {}

// CommandUnknown is the metrics label of a command nobody declared.
const CommandUnknown = "unknown"

// CommandLabel names req's command for metrics from a closed set: a
// declared command's name, CommandUnknown, or for a request that runs no
// command its kind ("lookup", "text", "expired-button"); never from what a
// user typed.
func (b *Bot) CommandLabel(req *Request) string {
	if req.Kind != KindCommand {
		return kindName(req.Kind)
	}
	if c := b.command(req.Command); c != nil {
		return c.Name
	}
	return CommandUnknown
}

// platformLabel is req's platform from the closed set, "unknown" when the
// adapter named none.
func platformLabel(req *Request) string {
	switch req.Platform {
	case PlatformTelegram, PlatformDiscord, PlatformConsole:
		return req.Platform
	}
	return "unknown"
}

// langLabel is a reply language from the closed set.
func langLabel(l string) string {
	switch l {
	case "ar", "en":
		return l
	}
	return "unknown"
}
