using ChatBot.Testing.Storage;

namespace ChatBot.Core.Tests.Digests;

public sealed class SqlitePartialDeliveryTests() : PartialDeliveryTests(TestStores.Sqlite);
