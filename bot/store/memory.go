// Package store keeps what briefbot must remember: chat settings,
// subscriptions, what each chat has received and the briefing outbox. The
// core sees it only through small interfaces declared where they are used.
package store

import (
	"context"
	"sync"

	"github.com/briefbot/briefbot/bot"
)

// Memory keeps chat settings in memory, for the local console and tests.
type Memory struct {
	mu    sync.RWMutex
	chats map[string]bot.ChatSettings
}

var _ bot.Settings = (*Memory)(nil)

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
