// Package store keeps what briefbot must remember: chat settings,
// subscriptions, what each chat has received and the briefing outbox. The
// core sees it only through small interfaces declared where they are used.
package store

import (
	"context"
	"sync"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
)

// Memory keeps chat settings, states and subscriptions in memory, for the
// local console and tests. It has no outbox: nothing is ever posted from
// it, so no chat has had a briefing.
type Memory struct {
	mu       sync.RWMutex
	chats    map[string]bot.ChatSettings
	inactive map[string]string
	subs     map[string]schedule.Subscription
}

var (
	_ bot.Settings      = (*Memory)(nil)
	_ bot.ChatStates    = (*Memory)(nil)
	_ bot.Subscriptions = (*Memory)(nil)
)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{chats: map[string]bot.ChatSettings{}, subs: map[string]schedule.Subscription{}}
}

// Subscription returns the chat's subscription.
func (m *Memory) Subscription(_ context.Context, chat string) (schedule.Subscription, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.subs[chat]
	return s, ok, nil
}

// SaveSubscription creates or replaces the chat's subscription.
func (m *Memory) SaveSubscription(_ context.Context, s schedule.Subscription) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.subs[s.Chat] = s
	return nil
}

// EndSubscription ends the chat's subscription; false when it had none.
func (m *Memory) EndSubscription(_ context.Context, chat, _ string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.subs[chat]
	delete(m.subs, chat)
	return ok, nil
}

// Received is empty: briefings are never sent from memory.
func (m *Memory) Received(context.Context, string) (map[string]bool, error) {
	return map[string]bool{}, nil
}

// HasBriefing is false: briefings are never sent from memory.
func (m *Memory) HasBriefing(context.Context, string, string) (bool, error) { return false, nil }

// ChatSettings returns the chat's settings; an unknown chat has none.
func (m *Memory) ChatSettings(_ context.Context, chat string) (bot.ChatSettings, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.chats[chat], nil
}

// SaveChatSettings replaces the chat's settings.
func (m *Memory) SaveChatSettings(_ context.Context, chat string, s bot.ChatSettings) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.chats[chat] = s
	return nil
}

// MarkInactive records that the bot can no longer write to chat. changed
// is false when it was already marked, so the caller logs it once.
func (m *Memory) MarkInactive(_ context.Context, chat, reason string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.inactive == nil {
		m.inactive = map[string]string{}
	}
	if _, ok := m.inactive[chat]; ok {
		return false, nil
	}
	m.inactive[chat] = reason
	return true, nil
}

// Inactive reports whether chat was marked inactive, and why.
func (m *Memory) Inactive(chat string) (string, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.inactive[chat]
	return r, ok
}

// MoveChat moves a chat's settings and subscription to its new key.
func (m *Memory) MoveChat(_ context.Context, from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.chats[from]; ok {
		m.chats[to] = s
		delete(m.chats, from)
	}
	if sub, ok := m.subs[from]; ok {
		sub.Chat = to
		m.subs[to] = sub
		delete(m.subs, from)
	}
	return nil
}
