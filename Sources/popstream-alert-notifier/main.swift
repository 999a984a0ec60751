import AlertNotifier

await NotifierEntry.main()
