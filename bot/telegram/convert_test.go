package telegram

import (
	"encoding/json"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// FuzzConvert: no update JSON makes the conversion panic, and whatever it
// yields carries the update's key and a chat.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		`{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"A"},"text":"/start abc"}}`,
		`{"update_id":2,"message":{"message_id":1,"date":1,"chat":{"id":-5,"type":"group"},"from":{"id":5,"first_name":"A"},"text":"/help@dttsbot","entities":[{"type":"bot_command","offset":0,"length":99}]}}`,
		`{"update_id":3,"callback_query":{"id":"q","from":{"id":5,"first_name":"A"},"data":"1:2","message":{"message_id":3,"date":1,"chat":{"id":5,"type":"private"},"text":"x","reply_markup":{"inline_keyboard":[[{"text":"B","callback_data":"1:2"}]]}}}}`,
		`{"update_id":4,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5},"photo":[{"file_id":"a"},{"file_id":"b","file_size":9}]}}`,
		`{"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5},"document":{"file_id":"d","file_name":"x.xlsx"}}}`,
		`{"update_id":6,"callback_query":{"id":"q","from":{"id":5}}}`,
		`{"update_id":7,"message":{"message_id":1}}`,
	} {
		f.Add([]byte(s))
	}
	a := &Adapter{api: &tgbotapi.BotAPI{Self: tgbotapi.User{UserName: "dttsbot"}}}
	f.Fuzz(func(t *testing.T, b []byte) {
		var u tgbotapi.Update
		if json.Unmarshal(b, &u) != nil {
			return
		}
		ups, presses := a.convert([]tgbotapi.Update{u})
		if len(ups) > 1 || len(presses) > len(ups) {
			t.Fatalf("one update gave %d updates and %d presses", len(ups), len(presses))
		}
		for _, bu := range ups {
			if bu.Key == "" || bu.ChatID == "" || bu.UserID == "" || bu.Channel != Name {
				t.Errorf("converted update lacks key, chat or user: %+v", bu)
			}
			if bu.Group && !bu.Addressed {
				t.Errorf("group chatter not addressed to the bot was kept: %+v", bu)
			}
		}
	})
}
