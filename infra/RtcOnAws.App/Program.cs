using RtcOnAws.App;

var app = new Amazon.CDK.App();
// The CDK CLI always sets CDK_DEFAULT_REGION (profile, AWS_REGION, else us-east-1); a direct `dotnet run` may not.
RtcApp.Build(app, RtcApp.FindRepositoryRoot(), System.Environment.GetEnvironmentVariable("CDK_DEFAULT_REGION"));
app.Synth();
