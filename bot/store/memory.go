// Package store keeps what briefbot must remember: chat settings,
// subscriptions, what each chat has received and the briefing outbox. The
// core sees it only through small interfaces declared where they are used.
package store

import (
	"context"
	"sync"

	"github.com/briefbot/briefbot/bot"
)

// Memory keeps chat settings and states in memory, for the local console and tests.
type Memory struct {
	mu       sync.RWMutex
	chats    map[string]bot.ChatSettings
	inactive map[string]string
}

var (
	_ bot.Settings   = (*Memory)(nil)
	_ bot.ChatStates = (*Memory)(nil)
)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{chats: map[string]bot.ChatSettings{}} }

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

// MoveChat moves a chat's settings to its new key.
func (m *Memory) MoveChat(_ context.Context, from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.chats[from]; ok {
		m.chats[to] = s
		delete(m.chats, from)
	}
	return nil
}
