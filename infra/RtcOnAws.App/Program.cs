using RtcOnAws.App;

var app = new Amazon.CDK.App();
RtcApp.Build(app, RtcApp.FindRepositoryRoot());
app.Synth();
