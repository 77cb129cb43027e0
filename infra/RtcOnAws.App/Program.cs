using Amazon.CDK;

var app = new App();
app.Synth();
