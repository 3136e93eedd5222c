package tgfake_test

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/dttsbot/dttsbot/bot/telegram/tgfake"
)

// A test points the bot at the fake (telegram.api_endpoint =
// s.APIEndpoint()), plays users with SendText and Press, injects failures,
// and reads back what the bot did.
func Example() {
	s := tgfake.New("123:abc")
	defer s.Close()

	u := tgfake.User{ID: 42, FirstName: "Lan"}
	s.SendText(tgfake.PrivateChat(u), u, "/help") // the bot will get it from getUpdates
	s.Inject(tgfake.Fault{Method: "sendMessage", ChatID: 42, Code: 429, RetryAfter: 5, Times: 1})

	// What a bot would do, by hand: two sends, the first is refused.
	for i := 0; i < 2; i++ {
		resp, _ := http.PostForm(s.URL+"/bot123:abc/sendMessage", url.Values{"chat_id": {"42"}, "text": {"Xin chào &amp; chúc mừng"}, "parse_mode": {"HTML"}})
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	fmt.Println(s.BotMessages(42)[0].Text)
	fmt.Println(s.Count("sendMessage", 429), s.Pending())
	// Output:
	// 429
	// 200
	// Xin chào & chúc mừng
	// 1 1
}
