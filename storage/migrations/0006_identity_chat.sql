-- Messages queued for a chat that blocked the bot are given up at once
-- (outbox state 'blocked'); the check looks identities up by chat.
CREATE INDEX identity_chat ON identity(channel, chat_id);
